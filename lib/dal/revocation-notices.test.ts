import { describe, expect, it } from "vitest";
import { dismissRevocationNotice, revocationNotices } from "@/lib/dal/revocation-notices";
import { deleteToken, revokeTokenAsAdmin } from "@/lib/dal/tokens";
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
      { id: expect.any(String), tokenName: "ci-deploy", tokenPrefix: token.displayPrefix, createdAt: expect.any(String) },
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
