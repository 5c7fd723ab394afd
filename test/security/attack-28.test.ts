import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { createTokenAction, editTokenAction } from "@/app/(dashboard)/api-tokens/actions";
import { regenerateCodes, removePasskeyAction, startTotpSetup } from "@/app/(dashboard)/account/two-factor/actions";
import { resetSecondFactorsAction } from "@/app/(dashboard)/admin/users/two-factor-actions";
import { enableAccountAction, disableAccountAction } from "@/app/(dashboard)/admin/users/actions";
import { readSessionCookie } from "@/lib/auth/sign-in";
import type { SessionUser } from "@/lib/dal/access";
import { currentPolicy, updatePolicy } from "@/lib/dal/policies";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { actAs, makeAdmin, makeUser, TEST_META, TEST_PASSWORD } from "@/test/fixtures";
import { fromClient } from "@/test/next-request";

// The attack on issue 28 (sudo mode, two-factor, policies): a stolen or stale session changing
// what protects the account, an admin's stale session giving access back, an edit breaking the
// policy. Each case failed before its fix.

const SUDO = { ok: false, message: MESSAGES.sudoRequired, sudo: true };

let admin: SessionUser;
beforeAll(async () => {
  admin = await makeAdmin();
  fromClient("192.0.2.77");
});

/** Runs `work` under the policy changed as given, then puts the policy back as it found it. */
async function withPolicy(changes: Partial<Awaited<ReturnType<typeof currentPolicy>>>, work: () => Promise<void>) {
  const before = await currentPolicy();
  await updatePolicy(admin, { ...before, ...changes }, { meta: TEST_META });
  try {
    await work();
  } finally {
    await updatePolicy(admin, { ...(await currentPolicy()), ...before }, { meta: TEST_META });
  }
}

async function authenticatedAgo(minutes: number) {
  const claim = await readSessionCookie();
  await db.session.update({ where: { id: claim!.sessionId }, data: { authenticatedAt: new Date(Date.now() - minutes * 60_000) } });
}

describe("attack-28: sudo mode on the second factors themselves", () => {
  it("a stale session (stolen cookie) cannot remove the account's passkey without a fresh authentication", async () => {
    const victim = await makeUser();
    await db.passkey.create({ data: { id: "attack28-pk-" + victim.id, userId: victim.id, name: "YubiKey", publicKey: "AAAA" } });
    await actAs(victim);
    await authenticatedAgo(600);
    const result = await removePasskeyAction({ id: "attack28-pk-" + victim.id });
    expect(result).toMatchObject({ ok: false });
    expect(await db.passkey.count({ where: { userId: victim.id } })).toBe(1);
  });

  it("a stale session cannot regenerate (and so read) fresh recovery codes without a fresh authentication", async () => {
    const victim = await makeUser();
    await db.totpFactor.create({ data: { userId: victim.id, secret: "x.y.z", confirmedAt: new Date() } });
    await actAs(victim);
    await authenticatedAgo(600);
    const result = await regenerateCodes({});
    expect(result).toEqual(SUDO);
  });

  it("a stale session cannot enrol an authenticator app of the attacker's on an account without one", async () => {
    const victim = await makeUser();
    await actAs(victim);
    await authenticatedAgo(600);
    const result = await startTotpSetup({});
    expect(result).toEqual(SUDO);
  });

  it("an admin's stale session cannot reset another account's second factors (takeover step) without sudo", async () => {
    const victim = await makeUser();
    await db.totpFactor.create({ data: { userId: victim.id, secret: "x.y.z", confirmedAt: new Date() } });
    await actAs(admin);
    await authenticatedAgo(600);
    const result = await resetSecondFactorsAction({ id: victim.id });
    expect(result).toEqual(SUDO);
    expect(await db.totpFactor.count({ where: { userId: victim.id } })).toBe(1);
  });

  it("an admin's stale session cannot re-enable a disabled account (gives access back) without sudo", async () => {
    const victim = await makeUser();
    await actAs(admin);
    await authenticatedAgo(1);
    expect(await disableAccountAction({ id: victim.id })).toMatchObject({ ok: true });
    await authenticatedAgo(600);
    expect(await enableAccountAction({ id: victim.id })).toEqual(SUDO);
  });
});

describe("attack-28: policy 'allowed IPs required for write' on edit", () => {
  it("an edit cannot clear the allowed IPs of a Write token when the policy requires them", async () => {
    const alice = await makeUser();
    await withPolicy({ requireAllowedIpsForWrite: true }, async () => {
      await actAs(alice);
      const created = await createTokenAction({ name: "pinned-write", scope: "WRITE", expiration: "30", allowedIps: "10.0.0.1" });
      expect(created).toMatchObject({ ok: true });
      const id = (created as { data: { token: { id: string } } }).data.token.id;
      // Fresh session: sudo mode is satisfied, only the policy stands in the way.
      const edited = await editTokenAction({ id, name: "pinned-write", allowedIps: "" });
      expect(edited).toMatchObject({ ok: false });
      const stored = await db.apiToken.findUniqueOrThrow({ where: { id }, select: { allowedIps: true } });
      expect(stored.allowedIps).not.toBe("");
    });
  });
});

// A stolen session adds the attacker's own passkey: a passwordless sign-in credential, with no
// password and no sudo mode asked. Built with a real P-256 key and a "none" attestation.
import crypto from "node:crypto";
import { headers as nextHeadersFn } from "next/headers";
import { isoCBOR } from "@simplewebauthn/server/helpers";
import { addPasskeyAction, passkeyOptions } from "@/app/(dashboard)/account/two-factor/actions";
import { requestOrigin } from "@/lib/server/request-context";

describe("attack-28: adding a sign-in passkey from a stale session", () => {
  it("a stale session cannot register an attacker's passkey (a passwordless login) without a fresh authentication", async () => {
    const victim = await makeUser();
    await actAs(victim);
    await authenticatedAgo(600);
    // The ceremony starts with a challenge, and the challenge needs sudo mode.
    expect(await passkeyOptions({})).toEqual(SUDO);
    // A registration answer without a challenge of this session's is refused, and stores nothing.
    const forged = await register("attacker", { challenge: crypto.randomBytes(32).toString("base64url"), rp: { id: "localhost" } });
    expect(forged).toMatchObject({ ok: false });
    expect(await db.passkey.count({ where: { userId: victim.id } })).toBe(0);
    // The control: within sudo mode the same forged-by-hand attestation registers, so the refusals
    // above were the sudo check and the challenge, not a broken answer.
    await authenticatedAgo(0);
    const options = await passkeyOptions({});
    expect(options).toMatchObject({ ok: true });
    expect(await register("mine", (options as { data: { challenge: string; rp: { id: string } } }).data)).toMatchObject({ ok: true });
    expect(await db.passkey.count({ where: { userId: victim.id } })).toBe(1);
  });
});

/** A "none" attestation of a fresh P-256 key, answering `challenge` for `rp`, sent to the add action. */
async function register(name: string, { challenge, rp }: { challenge: string; rp: { id: string } }) {
  const origin = requestOrigin(await nextHeadersFn());
  const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" }) as { x: string; y: string };
  const cose = new Map<number, number | Uint8Array>([
    [1, 2],
    [3, -7],
    [-1, 1],
    [-2, new Uint8Array(Buffer.from(jwk.x, "base64url"))],
    [-3, new Uint8Array(Buffer.from(jwk.y, "base64url"))],
  ]);
  const credId = crypto.randomBytes(16);
  const authData = Buffer.concat([
    crypto.createHash("sha256").update(rp.id).digest(),
    Buffer.from([0x45]),
    Buffer.alloc(4),
    Buffer.alloc(16),
    Buffer.from([0, credId.length]),
    credId,
    Buffer.from(isoCBOR.encode(cose)),
  ]);
  const attestationObject = Buffer.from(
    isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", new Uint8Array(authData)],
      ]) as never,
    ),
  );
  const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.create", challenge, origin, crossOrigin: false }));
  const id = credId.toString("base64url");
  return addPasskeyAction({
    name,
    response: {
      id,
      rawId: id,
      type: "public-key",
      clientExtensionResults: {},
      response: {
        clientDataJSON: clientDataJSON.toString("base64url"),
        attestationObject: attestationObject.toString("base64url"),
        transports: [],
      },
    },
  });
}

// The second attack on issue 28 (read from the source): a team owner's stale session handing the
// team's tokens to someone else, ids PostgreSQL cannot compare, an account that policy sends to
// set up a second factor but cannot confirm it is its owner's.
import { changeRoleAction, inviteMemberAction, setMemberTokenRuleAction } from "@/app/(dashboard)/teams/actions";
import { approveTokenAction, denyTokenAction } from "@/app/(dashboard)/admin/approvals/actions";
import { answerNonCompliantAction } from "@/app/(dashboard)/admin/compliance/actions";
import { confirmIdentityAction, passkeyOptionsForSudoAction } from "@/lib/auth/sudo-actions";
import { makeTeam } from "@/test/team-fixtures";

describe("attack-28: a team owner's stale session", () => {
  it("cannot invite anyone, raise a member to admin or let members create tokens without sudo mode; narrowing needs none", async () => {
    const owner = await makeUser();
    const member = await makeUser();
    const team = await makeTeam(`Stale ${Date.now()}`, [
      [owner, "owner"],
      [member, "member"],
    ]);
    await actAs(owner);
    await authenticatedAgo(600);
    const form = new FormData();
    form.set("teamId", team.id);
    form.set("email", "accomplice@example.com");
    form.set("role", "member");
    expect(await inviteMemberAction(null, form)).toMatchObject(SUDO);
    expect(await db.teamInvitation.count({ where: { teamId: team.id } })).toBe(0);
    expect(await changeRoleAction({ teamId: team.id, userId: member.id, role: "admin" })).toEqual(SUDO);
    expect(await setMemberTokenRuleAction({ teamId: team.id, rule: "any" })).toEqual(SUDO);
    const row = await db.teamMember.findUniqueOrThrow({ where: { teamId_userId: { teamId: team.id, userId: member.id } } });
    expect(row.role).toBe("member");
    expect((await db.team.findUniqueOrThrow({ where: { id: team.id } })).memberTokens).toBe("read_only");
    // Taking access away is never held up.
    expect(await setMemberTokenRuleAction({ teamId: team.id, rule: "none" })).toMatchObject({ ok: true });
    // Within sudo mode, the invitation goes.
    await authenticatedAgo(0);
    expect(await inviteMemberAction(null, form)).toMatchObject({ ok: true });
  });
});

describe("attack-28: ids with a NUL byte (PostgreSQL cannot compare them: a 500 there)", () => {
  it("are refused as input by every action that takes an id, and change nothing", async () => {
    await actAs(admin);
    await authenticatedAgo(0);
    const bad = "ab\u0000cd";
    expect(await approveTokenAction({ id: bad })).toMatchObject({ ok: false });
    expect(await denyTokenAction({ id: bad, reason: "no" })).toMatchObject({ ok: false });
    expect(await answerNonCompliantAction({ answer: "disable", ids: [bad] })).toMatchObject({ ok: false });
    expect(await disableAccountAction({ id: bad })).toMatchObject({ ok: false });
    expect(await removePasskeyAction({ id: bad })).toMatchObject({ ok: false });
    expect(await changeRoleAction({ teamId: bad, userId: bad, role: "member" })).toMatchObject({ ok: false });
  });
});

describe("attack-28: policy 'require two-factor' and a session signed in long ago", () => {
  it("may still confirm its password (to set up the factor the policy asks for); nothing else opens", async () => {
    const person = await makeUser();
    await withPolicy({ requireTwoFactor: true }, async () => {
      await actAs(person);
      await authenticatedAgo(600);
      expect(await startTotpSetup({})).toEqual(SUDO);
      expect(await passkeyOptionsForSudoAction({})).toMatchObject({ ok: true });
      expect(await confirmIdentityAction({ method: "password", password: TEST_PASSWORD })).toEqual({ ok: true, data: undefined });
      expect(await startTotpSetup({})).toMatchObject({ ok: true });
      expect(await createTokenAction({ name: "blocked", scope: "READ_ONLY", expiration: "30" })).toEqual({
        ok: false,
        message: MESSAGES.twoFactorRequired,
      });
    });
  });
});
