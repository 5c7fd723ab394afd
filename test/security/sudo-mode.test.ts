import { generate } from "otplib";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { revokeTokenAction } from "@/app/(dashboard)/admin/tokens/actions";
import { revokeUnusedTokensAction } from "@/app/(dashboard)/admin/actions";
import { approveTokenAction } from "@/app/(dashboard)/admin/approvals/actions";
import { adminTokenStateAction } from "@/app/(dashboard)/admin/tokens/actions";
import { previewPolicyAction, savePolicyAction } from "@/app/(dashboard)/admin/policies/actions";
import { answerNonCompliantAction, complianceReportAction } from "@/app/(dashboard)/admin/compliance/actions";
import { disableAccountAction, revokeTeamTokenAction } from "@/app/(dashboard)/admin/users/actions";
import {
  createTokenAction,
  deleteTokenAction,
  editTokenAction,
  rollTokenAction,
  setTokenStateAction,
} from "@/app/(dashboard)/api-tokens/actions";
import { confirmIdentityAction } from "@/lib/auth/sudo-actions";
import { readSessionCookie } from "@/lib/auth/sign-in";
import type { SessionUser } from "@/lib/dal/access";
import { MESSAGES } from "@/lib/model";
import { beginTotp, confirmTotp } from "@/lib/dal/two-factor";
import { db } from "@/lib/server/db";
import { SUDO_FIELD_WORDS } from "@/lib/validation/sudo";
import { actAs, makeAdmin, makeToken, makeUser, TEST_META, TEST_PASSWORD } from "@/test/fixtures";
import { cookieJar, fromClient } from "@/test/next-request";

// Sudo mode, checked on the server in each action (issue 28): a session that signed in more than
// SUDO_MODE_MINUTES (120) ago, or a forged call to the action, changes nothing until the user
// confirms it is them; the confirmation belongs to that session alone.

const SUDO = { ok: false, message: MESSAGES.sudoRequired, sudo: true };

let admin: SessionUser;
let alice: SessionUser;
beforeAll(async () => {
  admin = await makeAdmin();
  alice = await makeUser();
  fromClient("192.0.2.40");
});

/** This browser's session authenticated `minutes` ago. */
async function authenticatedAgo(minutes: number) {
  const claim = await readSessionCookie();
  await db.session.update({ where: { id: claim!.sessionId }, data: { authenticatedAt: new Date(Date.now() - minutes * 60_000) } });
}

async function aliceTokenNames() {
  return (await db.apiToken.findMany({ where: { ownerId: alice.id }, select: { name: true } })).map((t) => t.name);
}

describe("sudo mode", () => {
  beforeEach(async () => {
    await actAs(alice);
  });

  it("a fresh sign-in needs no confirmation; 121 minutes later creating a token is refused and nothing is made", async () => {
    expect(await createTokenAction({ name: "fresh", scope: "READ_ONLY" })).toMatchObject({ ok: true });
    await authenticatedAgo(119);
    expect(await createTokenAction({ name: "still-fresh", scope: "READ_ONLY" })).toMatchObject({ ok: true });
    await authenticatedAgo(121);
    expect(await createTokenAction({ name: "stale", scope: "WRITE" })).toEqual(SUDO);
    expect(await aliceTokenNames()).not.toContain("stale");
  });

  it("a bad input is still a 4xx-style field error before sudo mode is asked for", async () => {
    await authenticatedAgo(500);
    const result = await createTokenAction({ name: "", scope: "WRITE" });
    expect(result).toMatchObject({ ok: false, message: MESSAGES.checkFields });
    expect(result).not.toHaveProperty("sudo");
  });

  it("roll needs it; delete does not (deleting narrows access)", async () => {
    const { token } = await makeToken(alice, "to-roll", "READ_ONLY");
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { tokenHash: true } });
    await authenticatedAgo(180);
    expect(await rollTokenAction({ id: token.id, overlapSeconds: 0 })).toEqual(SUDO);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { tokenHash: true } })).toEqual(before);
    expect(await deleteTokenAction({ id: token.id })).toMatchObject({ ok: true });
  });

  it("widening allowed IPs needs it; narrowing them or renaming does not", async () => {
    const { token } = await makeToken(alice, "fenced", "READ_ONLY");
    await db.apiToken.update({ where: { id: token.id }, data: { allowedIps: "203.0.113.0/24" } });
    await authenticatedAgo(180);
    const edit = (allowedIps: string, name = "fenced") => editTokenAction({ id: token.id, name, allowedIps });
    expect(await edit("203.0.113.8")).toMatchObject({ ok: true });
    expect(await edit("203.0.113.8", "renamed")).toMatchObject({ ok: true });
    expect(await edit("203.0.113.8 198.51.100.1", "renamed")).toEqual(SUDO);
    expect(await edit("", "renamed")).toEqual(SUDO);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { allowedIps: true } })).toEqual({
      allowedIps: "203.0.113.8",
    });
  });

  it("a wrong password confirms nothing and is audited; the right one lets the same input through", async () => {
    await authenticatedAgo(200);
    expect(await confirmIdentityAction({ method: "password", password: "not-it" })).toMatchObject({
      ok: false,
      fieldErrors: { password: [SUDO_FIELD_WORDS.wrongPassword] },
    });
    expect(await createTokenAction({ name: "after-wrong", scope: "WRITE" })).toEqual(SUDO);
    expect(await db.auditEvent.count({ where: { action: "user.reauthentication_failed", actorUserId: alice.id } })).toBeGreaterThan(0);

    expect(await confirmIdentityAction({ method: "password", password: TEST_PASSWORD })).toEqual({ ok: true, data: undefined });
    expect(await createTokenAction({ name: "after-confirm", scope: "WRITE" })).toMatchObject({ ok: true });
    expect(
      await db.auditEvent.findFirst({ where: { action: "user.reauthenticated", actorUserId: alice.id }, select: { detail: true } }),
    ).toEqual({
      detail: "password",
    });
  });

  it("a confirmation counts for its own session only: a cookie of another browser stays outside sudo mode", async () => {
    await actAs(alice);
    await authenticatedAgo(300);
    const other = cookieJar.snapshot();
    await actAs(alice);
    await authenticatedAgo(300);
    expect(await confirmIdentityAction({ method: "password", password: TEST_PASSWORD })).toMatchObject({ ok: true });
    cookieJar.restore(other);
    expect(await createTokenAction({ name: "other-browser", scope: "WRITE" })).toEqual(SUDO);
  });

  it("the confirmation itself needs a session, a well-formed body and no more than the schema", async () => {
    await actAs(null);
    expect(await confirmIdentityAction({ method: "password", password: TEST_PASSWORD })).toEqual({
      ok: false,
      message: MESSAGES.sessionEnded,
    });
    await actAs(alice);
    for (const bad of [
      null,
      "x",
      { method: "magic", password: TEST_PASSWORD },
      { method: "password", password: 7 },
      { method: "password", password: "x".repeat(5000) },
    ])
      expect(await confirmIdentityAction(bad)).toMatchObject({ ok: false, message: MESSAGES.checkFields });
  });

  it("every admin revocation needs it, checked before the role's work", async () => {
    const { token } = await makeToken(alice, "admins-target", "READ_ONLY");
    await actAs(admin);
    await authenticatedAgo(130);
    expect(await revokeTokenAction({ id: token.id })).toEqual(SUDO);
    expect(await revokeUnusedTokensAction({ ids: [token.id], days: 30 })).toEqual(SUDO);
    expect(await revokeTeamTokenAction({ tokenId: token.id })).toEqual(SUDO);
    expect(await disableAccountAction({ id: alice.id })).toEqual(SUDO);
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(1);
    expect(await db.user.findUniqueOrThrow({ where: { id: alice.id }, select: { disabledAt: true } })).toEqual({ disabledAt: null });
    // A member is still told it needs an admin, whatever its session's age.
    await actAs(alice);
    await authenticatedAgo(130);
    expect(await revokeTokenAction({ id: token.id })).toEqual({ ok: false, message: MESSAGES.adminOnly });
  });

  it("enabling a token needs it, disabling does not; approving a pending token needs it", async () => {
    const { token } = await makeToken(alice, "switch", "READ_ONLY");
    await authenticatedAgo(200);
    expect(await setTokenStateAction({ id: token.id, to: "disabled" })).toMatchObject({ ok: true });
    expect(await setTokenStateAction({ id: token.id, to: "active" })).toEqual(SUDO);
    const state = () => db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { status: true } });
    expect(await state()).toEqual({ status: "disabled" });

    await actAs(admin);
    await authenticatedAgo(200);
    expect(await adminTokenStateAction({ id: token.id, to: "active" })).toEqual(SUDO);
    expect(await state()).toEqual({ status: "disabled" });
    await db.apiToken.update({ where: { id: token.id }, data: { status: "pending", disabledAt: null, disabledReason: null } });
    expect(await approveTokenAction({ id: token.id })).toEqual(SUDO);
    expect(await state()).toEqual({ status: "pending" });
    expect(await confirmIdentityAction({ method: "password", password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await approveTokenAction({ id: token.id })).toMatchObject({ ok: true });
    expect(await state()).toEqual({ status: "active" });
  });

  it("the compliance view's bulk disable and revoke need it, notifying does not; members are refused, bad bodies too", async () => {
    await db.policy.deleteMany({});
    const { token } = await makeToken(alice, "forever-in-breach", "READ_ONLY");
    await db.policy.create({ data: { id: "installation", defaultLifetimeDays: 30, maxLifetimeDays: 30, selfGrantable: "*" } });
    const status = () => db.apiToken.findUnique({ where: { id: token.id }, select: { status: true } });
    await actAs(alice);
    expect(await complianceReportAction({ problem: "all" })).toEqual({ ok: false, message: MESSAGES.adminOnly });
    expect(await answerNonCompliantAction({ answer: "revoke", ids: [token.id] })).toEqual({ ok: false, message: MESSAGES.adminOnly });
    await actAs(admin);
    await authenticatedAgo(200);
    expect(await answerNonCompliantAction({ answer: "disable", ids: [token.id] })).toEqual(SUDO);
    expect(await answerNonCompliantAction({ answer: "revoke", ids: [token.id] })).toEqual(SUDO);
    expect(await status()).toEqual({ status: "active" });
    // Not a list of ids, too many, an unknown answer: refused before anything is read.
    for (const bad of [
      { answer: "revoke", ids: token.id },
      { answer: "revoke", ids: Array(101).fill(token.id) },
      { answer: "explode", ids: [token.id] },
    ])
      expect(await answerNonCompliantAction(bad)).toMatchObject({ ok: false });
    expect(await complianceReportAction({ problem: "../../etc" })).toMatchObject({ ok: false, message: MESSAGES.checkFields });
    const report = await complianceReportAction({ problem: "expiry_required" });
    expect(report.ok && report.data.tokens.map((each) => each.id)).toContain(token.id);
    expect(await confirmIdentityAction({ method: "password", password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await answerNonCompliantAction({ answer: "disable", ids: [token.id] })).toEqual({
      ok: true,
      data: { done: 1, answer: "disable" },
    });
    expect(await status()).toEqual({ status: "disabled" });
    await db.policy.deleteMany({});
  });

  it("changing the policies needs it; a member posting the action directly changes nothing", async () => {
    const form = {
      defaultLifetimeDays: "30",
      maxLifetimeDays: "30",
      requireExpiry: true,
      requireAllowedIpsForWrite: false,
      selfGrant: "any",
      requireTwoFactor: false,
    };
    await actAs(alice);
    expect(await savePolicyAction(form)).toEqual({ ok: false, message: MESSAGES.adminOnly });
    expect(await previewPolicyAction(form)).toEqual({ ok: false, message: MESSAGES.adminOnly });
    await actAs(admin);
    await authenticatedAgo(200);
    expect(await savePolicyAction(form)).toEqual(SUDO);
    expect(await db.policy.count()).toBe(0);
    expect(await savePolicyAction({ ...form, maxLifetimeDays: "x" })).toMatchObject({ ok: false, message: MESSAGES.checkFields });
    expect(await savePolicyAction({ ...form, extra: "field" })).toMatchObject({ ok: false, message: MESSAGES.checkFields });
    expect(await confirmIdentityAction({ method: "password", password: TEST_PASSWORD })).toMatchObject({ ok: true });
    expect(await savePolicyAction(form)).toMatchObject({ ok: true });
    expect(await db.policy.findUniqueOrThrow({ where: { id: "installation" }, select: { maxLifetimeDays: true } })).toEqual({
      maxLifetimeDays: 30,
    });
    // Saved with "disable them now": the tokens the new rules refuse are disabled by the save.
    const { token } = await makeToken(alice, "writes-from-anywhere", "WRITE", [], { expiresAt: new Date(Date.now() + 10 * 86_400_000) });
    const saved = await savePolicyAction({ ...form, requireAllowedIpsForWrite: true, existing: "disable" });
    expect(saved).toMatchObject({
      ok: true,
      data: { message: expect.stringMatching(/^Policies saved: 1 change, in the audit log\. \d+ tokens? disabled\.$/) },
    });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { status: true, disabledReason: true } })).toEqual({
      status: "disabled",
      disabledReason: "policy",
    });
    expect(await savePolicyAction({ ...form, existing: "everything" })).toMatchObject({ ok: false, message: MESSAGES.checkFields });
  });

  it("an authenticator code confirms once (a replay does not), a recovery code once, both audited with their method", async () => {
    const carol = await makeUser();
    const before = Date.now() - 30_000;
    const enrolment = await beginTotp(carol);
    const codeAt = (ms: number) => generate({ secret: enrolment!.secret, epoch: Math.floor(ms / 1000) });
    const recovery = await confirmTotp(carol, await codeAt(before), TEST_META, before);
    expect(recovery).toHaveLength(10);
    await actAs(carol);
    await authenticatedAgo(200);
    const code = await codeAt(Date.now());
    expect(await confirmIdentityAction({ method: "code", code })).toEqual({ ok: true, data: undefined });
    await authenticatedAgo(200);
    expect(await confirmIdentityAction({ method: "code", code })).toMatchObject({ ok: false, fieldErrors: { code: [expect.any(String)] } });
    expect(await createTokenAction({ name: "after-replay", scope: "WRITE" })).toEqual(SUDO);
    expect(await confirmIdentityAction({ method: "code", code: recovery![0]! })).toEqual({ ok: true, data: undefined });
    await authenticatedAgo(200);
    expect(await confirmIdentityAction({ method: "code", code: recovery![0]! })).toMatchObject({ ok: false });
    const methods = await db.auditEvent.findMany({
      where: { action: "user.reauthenticated", actorUserId: carol.id },
      select: { detail: true },
    });
    expect(methods.map((event) => event.detail).sort()).toEqual(["authenticator", "recovery code"]);
    // A passkey answer without a challenge of this user's is refused, and confirms nothing.
    const forged = { method: "passkey", response: { id: "AAAA", rawId: "AAAA", type: "public-key", response: {} } };
    expect(await confirmIdentityAction(forged)).toMatchObject({ ok: false });
    expect(await createTokenAction({ name: "after-forged-passkey", scope: "WRITE" })).toEqual(SUDO);
  });
});
