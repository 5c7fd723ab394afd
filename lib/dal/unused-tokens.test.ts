import { beforeEach, describe, expect, it } from "vitest";
import { NotAuthorized } from "@/lib/dal/access";
import { revokeUnusedTokens, unusedTokens } from "@/lib/dal/unused-tokens";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

const DAY = 86_400_000;

describe("tokens unused for 30 or 90 days", () => {
  let admin: SessionUser;
  let member: SessionUser;
  const ids: Record<string, string> = {};
  beforeEach(async () => {
    admin = await makeAdmin();
    member = await makeUser();
    const ages: Array<[string, number, number | null]> = [
      ["never-used-old", 100, null],
      ["never-used-45", 45, null],
      ["never-used-new", 1, null],
      ["used-60-ago", 300, 60],
      ["used-yesterday", 300, 1],
    ];
    for (const [name, created, used] of ages) {
      const id = (await makeToken(member, name, "READ_ONLY")).token.id;
      ids[name] = id;
      await db.apiToken.update({
        where: { id },
        data: { createdAt: new Date(Date.now() - created * DAY), lastUsedAt: used === null ? null : new Date(Date.now() - used * DAY) },
      });
    }
  });

  it("lists never used and created before, or last used before, the longest unused first", async () => {
    const thirty = await unusedTokens(admin, 30);
    expect(thirty.total).toBe(3);
    expect(thirty.tokens.map((token) => token.name)).toEqual(["never-used-old", "never-used-45", "used-60-ago"]);
    expect((await unusedTokens(admin, 90)).tokens.map((token) => token.name)).toEqual(["never-used-old"]);
    await expect(unusedTokens(member, 30)).rejects.toBeInstanceOf(NotAuthorized);
  });

  it("revokes only what is still unused, each as an admin's revoke", async () => {
    const revoked = await revokeUnusedTokens(admin, [ids["never-used-old"]!, ids["used-yesterday"]!, "no-such-id"], 30, TEST_CONTEXT);
    expect(revoked).toBe(1);
    expect(await db.apiToken.count({ where: { id: ids["never-used-old"] } })).toBe(0);
    expect(await db.apiToken.count({ where: { id: ids["used-yesterday"] } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "token.revoked_by_admin", targetTokenName: "never-used-old" } })).toBe(1);
    await expect(revokeUnusedTokens(member, [ids["never-used-45"]!], 30, TEST_CONTEXT)).rejects.toBeInstanceOf(NotAuthorized);
  });
});
