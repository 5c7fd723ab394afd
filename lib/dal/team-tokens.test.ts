import { describe, expect, it } from "vitest";
import { tokenDetails } from "@/lib/dal/token-details";
import { countExpiringSoon, listAllTokens, listTokens } from "@/lib/dal/token-listing";
import { rollToken, updateToken } from "@/lib/dal/token-lifecycle";
import { narrowToken, tokenGrant } from "@/lib/dal/token-permissions";
import { createToken, deleteToken, findTokenByHash } from "@/lib/dal/tokens";
import { tokenUsage } from "@/lib/dal/activity";
import { hashToken } from "@/lib/server/token-format";
import { secrets } from "@/lib/server/secrets.mjs";
import { db } from "@/lib/server/db";
import { MAX_TOKENS_PER_USER, tokenListQuerySchema } from "@/lib/validation/api-token";
import { inTeam, makeTeam, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Team tokens (issue 27): a token made in a team's context belongs to the team. Its members see
// it, its admins and owners change it, members create what the team's rule allows, and it keeps
// working when its creator leaves or is disabled.

const query = (overrides: Record<string, unknown> = {}) => tokenListQuerySchema.parse(overrides);
const create = (
  actor: Parameters<typeof createToken>[0],
  name: string,
  scope: "READ_ONLY" | "WRITE" | "CUSTOM",
  permissions: string[] = [],
) => createToken(actor, { name, scope, permissions }, TEST_CONTEXT);

async function setUp(memberTokens: "read_only" | "none" | "any" = "read_only") {
  const [owner, admin, member, outsider] = await Promise.all([makeUser(), makeUser(), makeUser(), makeUser()]);
  const team = await makeTeam(
    [
      [owner, "owner"],
      [admin, "admin"],
      [member, "member"],
    ],
    { memberTokens },
  );
  return { owner, admin, member, outsider, team };
}

describe("team tokens", () => {
  it("belong to the team: every member lists them with their creator, nobody else does, and the creator's own list does not hold them", async () => {
    const { admin, member, outsider, team } = await setUp();
    const made = await create(inTeam(admin, team), "ci", "WRITE");
    expect(made.ok).toBe(true);
    const stored = await db.apiToken.findUniqueOrThrow({
      where: { id: made.ok ? made.token.id : "" },
      select: { ownerId: true, teamId: true, userId: true },
    });
    expect(stored).toEqual({ ownerId: team.id, teamId: team.id, userId: admin.id });

    const seen = await listTokens(inTeam(member, team), query());
    expect(seen.rows.map((row) => [row.name, row.createdBy?.email])).toEqual([["ci", admin.email]]);
    expect((await listTokens(inTeam(outsider, team), query())).total).toBe(0);
    expect((await listTokens(admin, query())).total).toBe(0);
    expect(await listAllTokens(admin)).toEqual([]);
    expect((await listAllTokens({ ...admin, team: { id: team.id, via: "token" } })).map((row) => row.name)).toEqual(["ci"]);
    expect(await countExpiringSoon(inTeam(outsider, team))).toBe(0);
  });

  it("lets members create Read-Only team tokens only, unless the owners chose otherwise; admins and owners create any", async () => {
    const { owner, admin, member, team } = await setUp();
    expect((await create(inTeam(member, team), "member-write", "WRITE")).ok).toBe(false);
    expect(await create(inTeam(member, team), "member-write", "WRITE")).toEqual({ ok: false, reason: "team_rule" });
    // A Custom list that writes is a write too.
    expect(await create(inTeam(member, team), "member-custom", "CUSTOM", ["dns:read", "dns:write"])).toEqual({
      ok: false,
      reason: "team_rule",
    });
    expect((await create(inTeam(member, team), "member-read", "READ_ONLY")).ok).toBe(true);
    expect((await create(inTeam(member, team), "member-custom-read", "CUSTOM", ["dns:read"])).ok).toBe(true);
    expect((await create(inTeam(admin, team), "admin-write", "WRITE")).ok).toBe(true);
    expect((await create(inTeam(owner, team), "owner-write", "WRITE")).ok).toBe(true);

    await db.team.update({ where: { id: team.id }, data: { memberTokens: "none" } });
    expect(await create(inTeam(member, team), "member-read-2", "READ_ONLY")).toEqual({ ok: false, reason: "team_rule" });
    await db.team.update({ where: { id: team.id }, data: { memberTokens: "any" } });
    expect((await create(inTeam(member, team), "member-write-2", "WRITE")).ok).toBe(true);
  });

  it("refuses anyone outside the team, a missing team, and introspection on a team token", async () => {
    const { owner, outsider, team } = await setUp();
    expect(await create(inTeam(outsider, team), "x", "READ_ONLY")).toEqual({ ok: false, reason: "not_found" });
    expect(await create(inTeam(owner, { id: "no-such-team" }), "x", "READ_ONLY")).toEqual({ ok: false, reason: "not_found" });
    expect(await db.apiToken.count({ where: { ownerId: team.id } })).toBe(0);
    expect(await create(inTeam(owner, team), "peek", "CUSTOM", ["tokens:introspect"])).toEqual({ ok: false, reason: "admin_only" });
  });

  it("lets only admins and owners change or delete them, and no one outside the team read them", async () => {
    const { owner, admin, member, outsider, team } = await setUp();
    const made = await create(inTeam(admin, team), "deploy", "WRITE");
    if (!made.ok) throw new Error(made.reason);
    const id = made.token.id;

    // A member reads, and changes nothing.
    expect(await tokenGrant(inTeam(member, team), id)).toEqual({ scope: "WRITE", permissions: [] });
    expect((await tokenDetails(inTeam(member, team), id))?.team).toEqual({ id: team.id, name: team.name });
    expect(await tokenUsage(inTeam(member, team), id, "24h")).not.toBeNull();
    expect(await deleteToken(inTeam(member, team), id, TEST_CONTEXT)).toBeNull();
    expect(await rollToken(inTeam(member, team), id, 0, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    expect((await updateToken(inTeam(member, team), id, { name: "renamed" }, TEST_CONTEXT)).ok).toBe(false);
    expect((await narrowToken(inTeam(member, team), id, ["account:read"], TEST_CONTEXT)).ok).toBe(false);

    // Outside the team, or through the creator's personal context: nothing, as for a missing id.
    for (const actor of [inTeam(outsider, team), outsider, admin]) {
      expect(await tokenGrant(actor, id)).toBeNull();
      expect(await tokenDetails(actor, id)).toBeNull();
      expect(await tokenUsage(actor, id, "24h")).toBeNull();
      expect(await deleteToken(actor, id, TEST_CONTEXT)).toBeNull();
      expect(await rollToken(actor, id, 0, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    }

    // An owner, who did not create it, changes it; the event names the team and who acted.
    expect((await updateToken(inTeam(owner, team), id, { name: "deploy-prod" }, TEST_CONTEXT)).ok).toBe(true);
    const rolled = await rollToken(inTeam(owner, team), id, 0, TEST_CONTEXT);
    expect(rolled.ok).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetTokenId: id, action: "token.rolled" } });
    expect(event).toMatchObject({
      actorUserId: owner.id,
      actorEmail: owner.email,
      teamId: team.id,
      teamName: team.name,
      targetOwnerId: admin.id,
    });
    expect(await deleteToken(inTeam(owner, team), id, TEST_CONTEXT)).toEqual({ name: "deploy-prod" });
  });

  it("keeps working when its creator leaves the team or loses their account, and the leaver sees it no more", async () => {
    const { admin, owner, team } = await setUp();
    const made = await create(inTeam(admin, team), "ci-forever", "WRITE");
    if (!made.ok) throw new Error(made.reason);
    const hash = hashToken(made.secret, secrets().tokenPepper);

    await db.teamMember.delete({ where: { teamId_userId: { teamId: team.id, userId: admin.id } } });
    expect((await findTokenByHash(hash))?.team).toEqual({ id: team.id, name: team.name });
    expect((await listTokens(inTeam(admin, team), query())).total).toBe(0);
    expect(await tokenDetails(inTeam(admin, team), made.token.id)).toBeNull();
    expect(await create(inTeam(admin, team), "after-leaving", "READ_ONLY")).toEqual({ ok: false, reason: "not_found" });

    await db.user.update({ where: { id: admin.id }, data: { disabledAt: new Date() } });
    expect((await findTokenByHash(hash))?.tokenId).toBe(made.token.id);
    expect((await listTokens(inTeam(owner, team), query())).rows.map((row) => row.name)).toEqual(["ci-forever"]);
  });

  it("has names and a cap of its own: a person's token and a team's may share a name, two of the team's may not", async () => {
    const { admin, owner, team } = await setUp();
    await makeToken(admin, "ci", "WRITE");
    expect((await create(inTeam(admin, team), "ci", "WRITE")).ok).toBe(true);
    expect(await create(inTeam(owner, team), "CI", "WRITE")).toEqual({ ok: false, reason: "duplicate_name" });

    const other = await makeTeam([[owner, "owner"]]);
    await db.apiToken.createMany({
      data: Array.from({ length: MAX_TOKENS_PER_USER }, (_, i) => ({
        userId: owner.id,
        ownerId: other.id,
        teamId: other.id,
        name: `t${i}`,
        nameKey: `t${i}`,
        scope: "READ_ONLY" as const,
        tokenHash: `team-cap-${other.id}-${i}`,
        displayPrefix: "tkc_cap",
      })),
    });
    expect(await create(inTeam(owner, other), "one-too-many", "READ_ONLY")).toEqual({ ok: false, reason: "limit_reached" });
    // The owner's own cap is untouched by the team's tokens.
    expect((await makeToken(owner, "mine", "READ_ONLY")).token.name).toBe("mine");
  });
});

describe("team tokens for an installation admin", () => {
  it("All Tokens shows each token's team and filters by the team's name, in any case; the Audit Log filters its events by team", async () => {
    const { listTokensForAdmin } = await import("@/lib/dal/token-listing");
    const { listAuditEvents } = await import("@/lib/dal/audit");
    const { adminTokenQuerySchema, auditQuerySchema } = await import("@/lib/validation/admin");
    const { makeAdmin } = await import("@/test/fixtures");
    const admin = await makeAdmin();
    const { owner, team } = await setUp();
    const teamName = `Platform ${Date.now()}`;
    await db.team.update({ where: { id: team.id }, data: { name: teamName, nameKey: teamName.toLowerCase() } });
    const made = await create(inTeam(owner, team), "platform-ci", "WRITE");
    if (!made.ok) throw new Error(made.reason);
    await makeToken(owner, "owner-own", "WRITE");

    const byTeam = await listTokensForAdmin(admin, adminTokenQuerySchema.parse({ team: teamName.slice(0, 12).toUpperCase() }));
    expect(byTeam.rows.map((row) => [row.name, row.teamName, row.ownerEmail])).toEqual([["platform-ci", teamName, owner.email]]);
    const byOwner = await listTokensForAdmin(admin, adminTokenQuerySchema.parse({ owner: owner.email, sort: "name", dir: "asc" }));
    expect(byOwner.rows.map((row) => [row.name, row.teamName])).toEqual([
      ["owner-own", null],
      ["platform-ci", teamName],
    ]);

    const events = await listAuditEvents(admin, auditQuerySchema.parse({ team: teamName.toLowerCase() }));
    expect(events.rows.map((event) => [event.action, event.targetTokenName, event.teamName])).toEqual([
      ["token.created", "platform-ci", teamName],
    ]);
  });
});

describe("a disabled account", () => {
  it("creates nothing, personal or in a team, while the team tokens it made still create for their team", async () => {
    const { admin, team } = await setUp();
    const made = await create(inTeam(admin, team), "ci-maker", "WRITE");
    if (!made.ok) throw new Error(made.reason);
    await db.user.update({ where: { id: admin.id }, data: { disabledAt: new Date() } });
    expect(await create(admin, "late-personal", "WRITE")).toEqual({ ok: false, reason: "not_found" });
    expect(await create(inTeam(admin, team), "late-team", "WRITE")).toEqual({ ok: false, reason: "not_found" });
    expect((await create({ ...admin, team: { id: team.id, via: "token" } }, "from-ci", "READ_ONLY")).ok).toBe(true);
    expect(await db.apiToken.count({ where: { userId: admin.id, name: { in: ["late-personal", "late-team"] } } })).toBe(0);
  });
});
