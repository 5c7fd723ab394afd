import { describe, expect, it } from "vitest";
import { createToken } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Attack 3 on offboarding: disableAccount (under the admins' lock) and a creation (under the
// creator's) do not exclude each other by their locks. A creation that read the account as active
// just before the disabling committed, and inserted after it listed the personal tokens to revoke,
// left a working personal token to a disabled account. The creation now locks the account's row.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a token creation racing the account's disabling", () => {
  it("leaves the disabled account no personal token", async () => {
    const user = await makeUser({ email: `race-${Date.now()}@offboarding.test` });
    let creation: Promise<Awaited<ReturnType<typeof createToken>>> | undefined;
    // What disableAccount does, in its order, with the creation arriving in the middle.
    await db.$transaction(
      async (tx) => {
        await tx.user.updateMany({
          where: { id: user.id, disabledAt: null },
          data: { disabledAt: new Date(), sessionVersion: { increment: 1 } },
        });
        creation = createToken(user, { name: "in flight", scope: "WRITE" }, TEST_CONTEXT);
        await sleep(400);
        const tokens = await tx.apiToken.findMany({ where: { ownerId: user.id, teamId: null }, select: { id: true } });
        await tx.apiToken.deleteMany({ where: { id: { in: tokens.map((token) => token.id) } } });
      },
      { timeout: 10_000 },
    );
    const result = await creation!;
    expect(result).toMatchObject({ ok: false });
    expect(await db.apiToken.count({ where: { ownerId: user.id } })).toBe(0);
  });
});
