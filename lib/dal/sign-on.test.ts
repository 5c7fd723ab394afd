import { describe, expect, it } from "vitest";
import { disableAccount } from "@/lib/dal/offboarding";
import { signOn } from "@/lib/dal/sign-on";
import { findSessionUser, startSession } from "@/lib/dal/sessions";
import { verifyCredentials } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { claimedTeamKeys, providerIdentity, type ProviderIdentity } from "@/lib/validation/sign-on";
import { makeTeam, makeUser, TEST_CONTEXT, TEST_META } from "@/test/fixtures";

// Single sign-on's accounts (lib/dal/sign-on.ts), on both databases: provisioned at a first
// sign-in, linked to an existing account by a verified email only, never through an unverified
// one, a disabled account refused, and OIDC_TEAM_CLAIM's teams joined and left.

const ISSUER = "https://login.example.test";
let n = 0;
const person = (fields: Partial<ProviderIdentity> = {}): ProviderIdentity => {
  const id = `${n++}-${Date.now().toString(36)}`;
  return {
    issuer: ISSUER,
    subject: `sub-${id}`,
    email: `sso-${id}@example.test`,
    emailVerified: true,
    name: `SSO ${id}`,
    teamKeys: null,
    ...fields,
  };
};
const actions = async (email: string) =>
  (await db.auditEvent.findMany({ where: { actorEmail: email }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => e.action);
const teamsOf = async (userId: string) =>
  (await db.teamMember.findMany({ where: { userId }, select: { team: { select: { name: true } }, source: true, role: true } }))
    .map((m) => `${m.team.name}:${m.source}:${m.role}`)
    .sort();

describe("a first sign-in", () => {
  it("makes the account of a verified email nobody has, with no password, and links the subject to it", async () => {
    await makeUser(); // not the first account: a member, not the admin
    const who = person();
    const result = await signOn(who, undefined, TEST_META);
    expect(result).toMatchObject({ ok: true, provisioned: true, user: { email: who.email, name: who.name, role: "MEMBER" } });
    const stored = await db.user.findUniqueOrThrow({ where: { email: who.email! }, select: { passwordHash: true, identities: true } });
    expect(stored.passwordHash).toBe("");
    expect(stored.identities).toMatchObject([{ issuer: ISSUER, subject: who.subject }]);
    // No password opens it, not even an empty one.
    expect(await verifyCredentials(who.email!, "", TEST_META)).toBeNull();
    expect(await actions(who.email!)).toEqual(["user.sso_provisioned", "user.login_succeeded", "user.login_failed"]);
  });

  it("links an existing account whose email the provider has verified, and keeps it", async () => {
    const existing = await makeUser({ name: "Already here" });
    const who = person({ email: existing.email, name: "Someone else's name" });
    expect(await signOn(who, undefined, TEST_META)).toMatchObject({
      ok: true,
      provisioned: false,
      user: { id: existing.id, name: "Already here" },
    });
    // Later, under a new email at the provider, the subject still names the same account.
    const renamed = { ...who, email: `renamed-${who.email}`, emailVerified: false };
    expect(await signOn(renamed, undefined, TEST_META)).toMatchObject({ ok: true, user: { id: existing.id } });
    expect(await db.user.count({ where: { email: renamed.email } })).toBe(0);
    expect(await actions(existing.email)).toEqual(expect.arrayContaining(["user.sso_linked", "user.login_succeeded"]));
  });

  it("shuts out whoever made the account before the link: its password and its sessions stop opening it", async () => {
    // Open sign-up checks no email: anyone may make an account under an address that is not
    // theirs, with a password they know, before its owner ever signs in with the provider.
    const squatted = await makeUser({ password: "squatter's password 1" });
    const squatter = await startSession(squatted, TEST_META);
    const owner = person({ email: squatted.email });
    const linked = await signOn(owner, undefined, TEST_META);
    if (!linked.ok) throw new Error(linked.reason);
    expect(linked.user.id).toBe(squatted.id);
    expect(await verifyCredentials(squatted.email, "squatter's password 1", TEST_META)).toBeNull();
    expect(await findSessionUser(squatter)).toBeNull();
    expect(await db.session.count({ where: { userId: squatted.id } })).toBe(0);
    // The provider's person gets a session that stands.
    expect(await findSessionUser(await startSession(linked.user, TEST_META))).toMatchObject({ id: squatted.id });
  });

  it("links no second subject of the same issuer to an account: the provider's subject, not its email, names the person", async () => {
    // The provider gives a departed person's address to someone new (a new subject).
    const first = person();
    const made = await signOn(first, undefined, TEST_META);
    if (!made.ok) throw new Error(made.reason);
    const newcomer = person({ email: first.email });
    expect(await signOn(newcomer, undefined, TEST_META)).toEqual({ ok: false, reason: "linked_elsewhere" });
    expect(await db.userIdentity.count({ where: { userId: made.user.id } })).toBe(1);
    expect(await actions(first.email!)).toContain("user.sso_refused");
    // Another issuer's subject may still link by a verified email (a second provider, or a new one).
    expect(await signOn(person({ issuer: "https://other.example.test", email: first.email }), undefined, TEST_META)).toMatchObject({
      ok: true,
      user: { id: made.user.id },
    });
  });

  it("refuses an unverified email: no existing account is linked, and none is made", async () => {
    const existing = await makeUser();
    const before = await db.user.count();
    expect(await signOn(person({ email: existing.email, emailVerified: false }), undefined, TEST_META)).toEqual({
      ok: false,
      reason: "unverified",
    });
    const stranger = person({ emailVerified: false });
    expect(await signOn(stranger, undefined, TEST_META)).toEqual({ ok: false, reason: "unverified" });
    expect(await signOn(person({ email: null }), undefined, TEST_META)).toEqual({ ok: false, reason: "no_email" });
    expect(await db.user.count()).toBe(before);
    expect(await db.userIdentity.count({ where: { userId: existing.id } })).toBe(0);
    expect(await actions(stranger.email!)).toEqual(["user.sso_refused"]);
  });

  it("makes the installation's first account its admin", async () => {
    // Each test file has a database of its own, but this file's earlier tests made accounts:
    // the rule is the one createUser follows, checked on a count of zero.
    await db.$transaction([
      db.teamMember.deleteMany(),
      db.apiToken.deleteMany(),
      db.session.deleteMany(),
      db.userIdentity.deleteMany(),
      db.user.deleteMany(),
    ]);
    const first = person();
    expect(await signOn(first, undefined, TEST_META)).toMatchObject({ ok: true, user: { role: "ADMIN" } });
    expect(await signOn(person(), undefined, TEST_META)).toMatchObject({ ok: true, user: { role: "MEMBER" } });
  });

  it("two first sign-ins of one person at once make one account and one link", async () => {
    const who = person();
    const results = await Promise.all([signOn(who, undefined, TEST_META), signOn(who, undefined, TEST_META)]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(await db.user.count({ where: { email: who.email! } })).toBe(1);
    expect(await db.userIdentity.count({ where: { subject: who.subject } })).toBe(1);
  });
});

describe("a disabled account", () => {
  it("cannot sign in through the provider, linked or not", async () => {
    const linked = person();
    const made = await signOn(linked, undefined, TEST_META);
    if (!made.ok) throw new Error(made.reason);
    const unlinked = await makeUser();
    for (const id of [made.user.id, unlinked.id]) expect((await disableAccount(null, { id }, TEST_CONTEXT)).ok).toBe(true);
    expect(await signOn(linked, undefined, TEST_META)).toEqual({ ok: false, reason: "disabled" });
    expect(await signOn(person({ email: unlinked.email }), undefined, TEST_META)).toEqual({ ok: false, reason: "disabled" });
    expect(await db.userIdentity.count({ where: { userId: unlinked.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: { in: [made.user.id, unlinked.id] } } })).toBe(0);
  });
});

describe("the team claim", () => {
  it("joins the teams it names, leaves those it no longer names, and never touches a console membership", async () => {
    const owner = await makeUser();
    const suffix = Date.now().toString(36);
    const [platform, data, billing] = await Promise.all(
      ["Platform", "Data", "Billing"].map((name) => makeTeam([[owner, "owner"]], { name: `${name} ${suffix}` })),
    );
    const who = person({ teamKeys: claimedTeamKeys([`PLATFORM ${suffix}`, `data ${suffix}`, "no such team", 42, "x".repeat(100)]) });
    const first = await signOn(who, "groups", TEST_META);
    if (!first.ok) throw new Error(first.reason);
    expect(await teamsOf(first.user.id)).toEqual([`Data ${suffix}:claim:member`, `Platform ${suffix}:claim:member`]);
    // Billing is joined in the console; then the claim drops Data and names Billing.
    await db.teamMember.create({ data: { teamId: billing!.id, userId: first.user.id, role: "admin", source: "console" } });
    await signOn({ ...who, teamKeys: claimedTeamKeys([`Platform ${suffix}`, `Billing ${suffix}`]) }, "groups", TEST_META);
    expect(await teamsOf(first.user.id)).toEqual([`Billing ${suffix}:console:admin`, `Platform ${suffix}:claim:member`]);
    // A claim that names nothing leaves the claim's teams, not the console's.
    await signOn({ ...who, teamKeys: [] }, "groups", TEST_META);
    expect(await teamsOf(first.user.id)).toEqual([`Billing ${suffix}:console:admin`]);
    // No claim sent at all (teamKeys null): nothing changes.
    await db.teamMember.create({ data: { teamId: data!.id, userId: first.user.id, role: "member", source: "claim" } });
    await signOn({ ...who, teamKeys: null }, "groups", TEST_META);
    expect(await teamsOf(first.user.id)).toContain(`Data ${suffix}:claim:member`);
    const audit = await db.auditEvent.findMany({
      where: { targetOwnerId: first.user.id, action: { startsWith: "team." } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(audit.map((e) => [e.action, e.teamName])).toEqual([
      ["team.member_joined", expect.stringMatching(/^(Platform|Data) /)],
      ["team.member_joined", expect.stringMatching(/^(Platform|Data) /)],
      ["team.member_removed", `Data ${suffix}`],
      ["team.member_removed", `Platform ${suffix}`],
    ]);
    expect(audit[2]!.detail).toBe("was Member: the groups claim no longer names the team");
    void platform;
  });

  it("keeps a team's last owner who can act, whatever the claim says", async () => {
    const who = person();
    const made = await signOn(who, "groups", TEST_META);
    if (!made.ok) throw new Error(made.reason);
    const team = await makeTeam([]);
    await db.teamMember.create({ data: { teamId: team.id, userId: made.user.id, role: "owner", source: "claim" } });
    await signOn({ ...who, teamKeys: [] }, "groups", TEST_META);
    expect(await db.teamMember.count({ where: { teamId: team.id, userId: made.user.id } })).toBe(1);
  });
});

describe("what a provider sends", () => {
  it("is read for what it is: a claim of the wrong type counts as absent, never as an error", () => {
    expect(providerIdentity(ISSUER, { sub: "" }, undefined)).toBeNull();
    expect(providerIdentity(ISSUER, { sub: 7 }, undefined)).toBeNull();
    expect(
      providerIdentity(
        ISSUER,
        { sub: "a", email: " Ada@Example.TEST ", email_verified: "true", name: "Ada\u202E", groups: "Platform" },
        "groups",
      ),
    ).toEqual({ issuer: ISSUER, subject: "a", email: "ada@example.test", emailVerified: true, name: null, teamKeys: ["platform"] });
    expect(providerIdentity(ISSUER, { sub: "a", email: ["x"], email_verified: 1, groups: { a: 1 } }, "groups")).toMatchObject({
      email: null,
      emailVerified: false,
      teamKeys: [],
    });
    expect(claimedTeamKeys(Array.from({ length: 500 }, (_, i) => `team ${i}`))).toHaveLength(200);
  });

  it("takes an email only as the provider wrote it: no other address lower-cases to one of ours", () => {
    // The Kelvin sign (U+212A) lower-cases to "k": "\u212Aate@" is not kate@'s address at the provider.
    for (const email of ["\u212Aate@example.test", "kate@example.tes\u212A", "\u0130van@example.test"])
      expect(providerIdentity(ISSUER, { sub: "a", email, email_verified: true }, undefined)?.email, email).toBeNull();
    expect(providerIdentity(ISSUER, { sub: "a", email: "Kate@Example.TEST", email_verified: true }, undefined)?.email).toBe(
      "kate@example.test",
    );
  });
});
