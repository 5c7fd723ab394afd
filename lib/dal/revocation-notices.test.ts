import { describe, expect, it } from "vitest";
import { dismissRevocationNotice, revocationNotices } from "@/lib/dal/revocation-notices";
import { approveToken, denyToken } from "@/lib/dal/approvals";
import { disableToken, disableTokenAsAdmin, disableTokenForPolicy } from "@/lib/dal/token-states";
import { deleteToken, revokeTokenAsAdmin } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Issue 22: a token an admin revoked vanished from its owner's listing without a word. It
// leaves a notice, for its owner only, until they dismiss it.

describe("a token revoked by an admin", () => {
  it("leaves its owner a notice with its name, prefix and time; only the owner sees or dismisses it, once", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const stranger = await makeUser();
    const { token } = await makeToken(owner, "ci-deploy", "WRITE");
    const before = Date.now();
    expect(await revokeTokenAsAdmin(admin, token.id, TEST_CONTEXT)).toMatchObject({ name: "ci-deploy" });

    const notices = await revocationNotices(owner);
    expect(notices).toEqual([
      {
        id: expect.any(String),
        tokenName: "ci-deploy",
        tokenPrefix: token.displayPrefix,
        kind: "revoked",
        reason: "",
        createdAt: expect.any(String),
      },
    ]);
    expect(Date.parse(notices[0]!.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await revocationNotices(stranger)).toEqual([]);
    expect(await revocationNotices(admin)).toEqual([]);

    expect(await dismissRevocationNotice(stranger, notices[0]!.id)).toBe(false);
    expect(await dismissRevocationNotice(admin, notices[0]!.id)).toBe(false);
    expect(await revocationNotices(owner)).toHaveLength(1);
    expect(await dismissRevocationNotice(owner, notices[0]!.id)).toBe(true);
    expect(await dismissRevocationNotice(owner, notices[0]!.id)).toBe(false);
    expect(await revocationNotices(owner)).toEqual([]);
  });

  it("leaves none for the owner's own delete, a revoke of nothing, or an admin's revoke of a token of their own", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const mine = await makeToken(owner, "mine-to-delete", "READ_ONLY");
    expect(await deleteToken(owner, mine.token.id, TEST_CONTEXT)).toEqual({ name: "mine-to-delete" });
    expect(await revokeTokenAsAdmin(admin, mine.token.id, TEST_CONTEXT)).toBeNull();
    const admins = await makeToken(admin, "admins-own", "READ_ONLY");
    expect(await revokeTokenAsAdmin(admin, admins.token.id, TEST_CONTEXT)).not.toBeNull();
    expect(await revocationNotices(owner)).toEqual([]);
    expect(await revocationNotices(admin)).toEqual([]);
  });
});

// Issue 28: an approval, a denial, or a Disable by an admin, a policy or the inactivity rule told
// the owner by email only. Each leaves a notice on their page too; their own Disable does not.
describe("what someone else did to a listed token", () => {
  it("an approval, a denial with its reason, an admin's and a policy's Disable each leave the owner a notice", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const pending = async (name: string) => {
      const made = await makeToken(owner, name, "WRITE");
      await db.apiToken.update({ where: { id: made.token.id }, data: { status: "pending" } });
      return made.token.id;
    };
    await approveToken(admin, await pending("approved-one"), TEST_CONTEXT);
    await denyToken(admin, await pending("denied-one"), "Write is not for CI here", TEST_CONTEXT);
    const byAdmin = await makeToken(owner, "admin-disabled", "READ_ONLY");
    await disableTokenAsAdmin(admin, byAdmin.token.id, TEST_CONTEXT);
    const byPolicy = await makeToken(owner, "policy-disabled", "READ_ONLY");
    await disableTokenForPolicy(admin, byPolicy.token.id, "no expiry", TEST_CONTEXT);
    const mine = await makeToken(owner, "self-disabled", "READ_ONLY");
    await disableToken({ ...owner, team: null }, mine.token.id, TEST_CONTEXT);

    const notices = await revocationNotices(owner);
    const byName = Object.fromEntries(notices.map((notice) => [notice.tokenName, { kind: notice.kind, reason: notice.reason }]));
    expect(byName).toEqual({
      "approved-one": { kind: "approved", reason: "" },
      "denied-one": { kind: "denied", reason: "Write is not for CI here" },
      "admin-disabled": { kind: "disabled", reason: "admin" },
      "policy-disabled": { kind: "disabled", reason: "no expiry" },
    });
    expect(await revocationNotices(admin)).toEqual([]);
  });
});
