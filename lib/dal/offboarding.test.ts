import { describe, expect, it } from "vitest";
import {
  accountForOffboarding,
  disableAccount,
  enableAccount,
  handOverTeamToken,
  listAccounts,
  revokeTeamToken,
} from "@/lib/dal/offboarding";
import { createPasswordReset, completePasswordReset } from "@/lib/dal/password-resets";
import { findSessionUser, startSession } from "@/lib/dal/sessions";
import { AccountDisabled, verifyCredentials } from "@/lib/dal/users";
import { NotAuthorized } from "@/lib/dal/access";
import { findTokenByHash } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { hashToken } from "@/lib/server/token-format";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT, TEST_META, TEST_PASSWORD } from "@/test/fixtures";
import { makeTeam, makeTeamToken } from "@/test/team-fixtures";

const lookUp = (secret: string) => findTokenByHash(hashToken(secret, process.env.TOKEN_PEPPER!));
const actionsAbout = async (userId: string) =>
  (await db.auditEvent.findMany({ where: { targetOwnerId: userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => e.action);

describe("disabling an account", () => {
  it("ends its sessions, deletes its personal tokens each audited, keeps its team tokens, in one go", async () => {
    const admin = await makeAdmin({ email: "off-admin@example.test" });
    const leaver = await makeUser({ email: "leaver@example.test" });
    const heir = await makeUser({ email: "heir@example.test" });
    const team = await makeTeam("Platform", [
      [leaver, "member"],
      [heir, "admin"],
    ]);
    const personal = [await makeToken(leaver, "laptop", "WRITE"), await makeToken(leaver, "ci", "READ_ONLY")];
    const teamToken = await makeTeamToken(leaver, team, "deploy");
    const claim = await startSession(leaver, TEST_META);
    const link = await createPasswordReset(leaver.email, TEST_META);

    expect(await disableAccount(admin, { id: leaver.id }, TEST_CONTEXT)).toEqual({ ok: true, email: leaver.email, revokedTokens: 2 });

    expect(await findSessionUser(claim)).toBeNull();
    expect(await db.session.count({ where: { userId: leaver.id } })).toBe(0);
    for (const { secret } of personal) expect(await lookUp(secret)).toBeNull();
    expect(await db.apiToken.count({ where: { id: teamToken.token.id } })).toBe(1);
    expect(await completePasswordReset(link!.token, "a-new-password-1", TEST_META)).toMatchObject({ ok: false });

    const events = await db.auditEvent.findMany({
      where: { targetOwnerId: leaver.id, action: { in: ["user.disabled", "token.revoked_offboarding"] } },
    });
    expect(events.map((e) => e.action).sort()).toEqual(["token.revoked_offboarding", "token.revoked_offboarding", "user.disabled"]);
    for (const event of events)
      expect(event).toMatchObject({ actorUserId: admin.id, actorEmail: admin.email, targetOwnerEmail: leaver.email });
    expect(
      events
        .filter((e) => e.targetTokenName)
        .map((e) => e.targetTokenName)
        .sort(),
    ).toEqual(["ci", "laptop"]);
  });

  it("refuses the right password with the disabled message, and a wrong one with the usual silence", async () => {
    const admin = await makeAdmin();
    const leaver = await makeUser();
    await disableAccount(admin, { id: leaver.id }, TEST_CONTEXT);
    await expect(verifyCredentials(leaver.email, TEST_PASSWORD, TEST_META)).rejects.toBeInstanceOf(AccountDisabled);
    expect(await verifyCredentials(leaver.email, "not-the-password", TEST_META)).toBeNull();
    expect(await createPasswordReset(leaver.email, TEST_META)).toBeNull();
  });

  it("refuses itself, the last active admin, a second time and an unknown id, changing nothing", async () => {
    const admin = await makeAdmin();
    const other = await makeAdmin();
    const member = await makeUser();
    // This file's other admins step aside, so that these two are the installation's only ones.
    await db.user.updateMany({ where: { role: "ADMIN", id: { notIn: [admin.id, other.id] } }, data: { role: "MEMBER" } });
    expect(await disableAccount(admin, { id: admin.id }, TEST_CONTEXT)).toEqual({ ok: false, reason: "self" });
    expect(await disableAccount(admin, { id: other.id }, TEST_CONTEXT)).toMatchObject({ ok: true });
    // `admin` is now the only active admin: the command line (no acting admin) cannot disable it.
    expect(await disableAccount(null, { email: admin.email }, TEST_CONTEXT)).toEqual({ ok: false, reason: "last_admin" });
    expect(await disableAccount(admin, { id: other.id }, TEST_CONTEXT)).toEqual({ ok: false, reason: "already_disabled" });
    expect(await disableAccount(admin, { id: "no-such-account" }, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    expect(await db.user.findUniqueOrThrow({ where: { id: admin.id }, select: { disabledAt: true } })).toEqual({ disabledAt: null });
    expect(await actionsAbout(other.id)).toEqual(["user.role_granted", "user.disabled"]);
    await expect(disableAccount(member, { id: other.id }, TEST_CONTEXT)).rejects.toBeInstanceOf(NotAuthorized);
  });

  it("re-enabling lets the person sign in again and brings no token back", async () => {
    const admin = await makeAdmin();
    const leaver = await makeUser();
    await makeToken(leaver, "old", "WRITE");
    await disableAccount(admin, { id: leaver.id }, TEST_CONTEXT);
    expect(await enableAccount(admin, { id: leaver.id }, TEST_CONTEXT)).toMatchObject({ ok: true });
    expect(await enableAccount(admin, { id: leaver.id }, TEST_CONTEXT)).toEqual({ ok: false, reason: "already_active" });
    expect(await verifyCredentials(leaver.email, TEST_PASSWORD, TEST_META)).toMatchObject({ id: leaver.id });
    expect(await db.apiToken.count({ where: { ownerId: leaver.id } })).toBe(0);
    expect((await actionsAbout(leaver.id)).slice(-2)).toEqual(["user.disabled", "user.enabled"]);
  });
});

describe("the team tokens a disabled account created", () => {
  it("are listed with their team and who may take them; handed over to an owner or admin, or revoked", async () => {
    const admin = await makeAdmin();
    const leaver = await makeUser({ email: "creator@example.test" });
    const owner = await makeUser({ email: "owner@example.test" });
    const member = await makeUser({ email: "member@example.test" });
    const gone = await makeUser({ email: "gone@example.test" });
    const outsider = await makeUser({ email: "outsider@example.test" });
    const team = await makeTeam("Data", [
      [leaver, "admin"],
      [owner, "owner"],
      [member, "member"],
      [gone, "admin"],
    ]);
    const keep = await makeTeamToken(leaver, team, "etl");
    const drop = await makeTeamToken(leaver, team, "old-etl");
    await disableAccount(admin, { id: gone.id }, TEST_CONTEXT);
    await disableAccount(admin, { id: leaver.id }, TEST_CONTEXT);

    const account = await accountForOffboarding(admin, leaver.id);
    expect(account?.teamTokens.map((t) => [t.name, t.team.name, t.heirs.map((h) => h.email)])).toEqual([
      ["old-etl", "Data", ["owner@example.test"]],
      ["etl", "Data", ["owner@example.test"]],
    ]);
    // Still working while nobody acts.
    expect(await lookUp(keep.secret)).not.toBeNull();

    for (const to of [member, gone, outsider, leaver])
      expect(await handOverTeamToken(admin, { tokenId: keep.token.id, toUserId: to.id }, TEST_CONTEXT)).toEqual({
        ok: false,
        reason: "not_heir",
      });
    expect(await handOverTeamToken(admin, { tokenId: keep.token.id, toUserId: owner.id }, TEST_CONTEXT)).toEqual({
      ok: true,
      name: "etl",
      teamName: "Data",
      toEmail: "owner@example.test",
    });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: keep.token.id }, select: { userId: true } })).toEqual({ userId: owner.id });
    const handed = await db.auditEvent.findFirstOrThrow({ where: { action: "token.handed_over" } });
    expect(handed).toMatchObject({
      actorUserId: admin.id,
      teamName: "Data",
      targetTokenName: "etl",
      detail: expect.stringContaining("owner@example.test"),
    });

    // A personal token is not a team token: neither action reaches one.
    const personal = await makeToken(owner, "mine", "READ_ONLY");
    expect(await revokeTeamToken(admin, personal.token.id, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    expect(await handOverTeamToken(admin, { tokenId: personal.token.id, toUserId: owner.id }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "not_found",
    });

    expect(await revokeTeamToken(admin, drop.token.id, TEST_CONTEXT)).toEqual({ ok: true, name: "old-etl", teamName: "Data" });
    expect(await lookUp(drop.secret)).toBeNull();
    expect(
      await db.auditEvent.findFirstOrThrow({ where: { action: "token.revoked_by_admin", targetTokenId: drop.token.id } }),
    ).toMatchObject({
      teamId: team.id,
      teamName: "Data",
    });
    expect((await accountForOffboarding(admin, leaver.id))?.teamTokens).toEqual([]);
  });
});

describe("the accounts listing", () => {
  it("filters by email and status, counts personal tokens, pages on the server", async () => {
    const admin = await makeAdmin({ email: "list-admin@example.test" });
    const users = [];
    for (let i = 0; i < 27; i++) users.push(await makeUser({ email: `list-${String(i).padStart(2, "0")}@example.test` }));
    await makeToken(users[0]!, "a", "READ_ONLY");
    await makeToken(users[0]!, "b", "READ_ONLY");
    await disableAccount(admin, { id: users[1]!.id }, TEST_CONTEXT);
    const first = await listAccounts(admin, { email: "list-", status: "", page: 1 });
    expect(first).toMatchObject({ total: 28, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows.find((r) => r.email === "list-00@example.test")).toMatchObject({
      personalTokens: 2,
      disabledAt: null,
      role: "MEMBER",
    });
    expect((await listAccounts(admin, { email: "list-", status: "", page: 9 })).page).toBe(2);
    expect((await listAccounts(admin, { email: "list-", status: "disabled", page: 1 })).rows.map((r) => r.email)).toEqual([
      "list-01@example.test",
    ]);
  });
});
