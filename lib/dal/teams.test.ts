import { beforeAll, describe, expect, it } from "vitest";
import { acceptInvitation, inviteMember } from "@/lib/dal/team-invitations";
import { changeMemberRole, createTeam, leaveTeam, listMyTeams, removeMember, setMemberTokenRule, teamView } from "@/lib/dal/teams";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import type { TeamRole } from "@/lib/teams";
import { makeUser, TEST_CONTEXT } from "@/test/fixtures";

let n = 0;
const uniqueName = (base: string) => `${base} ${n++} ${Date.now()}`;

/** A team owned by `owner`, with each of `others` in it with its role, joined through a real invitation. */
async function makeTeam(owner: SessionUser, others: [SessionUser, TeamRole][] = []) {
  const created = await createTeam(owner, { name: uniqueName("Team") }, TEST_CONTEXT);
  if (!created.ok) throw new Error(created.reason);
  for (const [user, role] of others) {
    const invited = await inviteMember(owner, { teamId: created.team.id, email: user.email, role }, TEST_CONTEXT);
    if (!invited.ok) throw new Error(invited.reason);
    const joined = await acceptInvitation(user, invited.data.token, TEST_CONTEXT);
    if (!joined.ok) throw new Error(joined.reason);
  }
  return created.team;
}

const roles = async (teamId: string) =>
  Object.fromEntries(
    (await db.teamMember.findMany({ where: { teamId }, select: { userId: true, role: true } })).map((m) => [m.userId, m.role]),
  );

const events = async (teamId: string) =>
  (await db.auditEvent.findMany({ where: { teamId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => ({
    action: e.action,
    actor: e.actorEmail,
    subject: e.targetOwnerEmail,
    team: e.teamName,
  }));

let owner: SessionUser;
let admin: SessionUser;
let member: SessionUser;
let outsider: SessionUser;
beforeAll(async () => {
  await makeUser(); // the installation's admin: no part of any team
  owner = await makeUser({ email: `owner-${Date.now()}@teams.test` });
  admin = await makeUser({ email: `admin-${Date.now()}@teams.test` });
  member = await makeUser({ email: `member-${Date.now()}@teams.test` });
  outsider = await makeUser({ email: `outsider-${Date.now()}@teams.test` });
});

describe("creating a team", () => {
  it("makes its creator the owner, audited as created and joined", async () => {
    const name = uniqueName("Platform");
    const created = await createTeam(member, { name }, TEST_CONTEXT);
    expect(created).toEqual({ ok: true, team: { id: expect.any(String), name } });
    if (!created.ok) return;
    expect(await roles(created.team.id)).toEqual({ [member.id]: "owner" });
    expect(await events(created.team.id)).toEqual([
      { action: "team.created", actor: member.email, subject: member.email, team: name },
      { action: "team.member_joined", actor: member.email, subject: member.email, team: name },
    ]);
    expect((await listMyTeams(member)).find((t) => t.id === created.team.id)).toMatchObject({ name, role: "owner", memberCount: 1 });
  });

  it("refuses a name another team has, whatever its case", async () => {
    const name = uniqueName("Billing");
    expect((await createTeam(owner, { name }, TEST_CONTEXT)).ok).toBe(true);
    expect(await createTeam(outsider, { name: name.toUpperCase() }, TEST_CONTEXT)).toEqual({ ok: false, reason: "name_taken" });
    expect(await listMyTeams(outsider)).toEqual([]);
  });
});

describe("roles and their limits", () => {
  it("shows a team to its members only: a non-member sees what a missing team shows", async () => {
    const team = await makeTeam(owner, [[member, "member"]]);
    expect((await teamView(member, team.id))?.role).toBe("member");
    expect(await teamView(outsider, team.id)).toBeNull();
    expect(await teamView(outsider, "no-such-team")).toBeNull();
  });

  it("a member can neither invite, change roles, remove anyone nor set the rule", async () => {
    const team = await makeTeam(owner, [
      [admin, "admin"],
      [member, "member"],
    ]);
    expect(await inviteMember(member, { teamId: team.id, email: "x@teams.test", role: "member" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "not_allowed",
    });
    expect(await changeMemberRole(member, { teamId: team.id, userId: member.id, role: "admin" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "not_allowed",
    });
    expect(await removeMember(member, { teamId: team.id, userId: admin.id }, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_allowed" });
    expect(await setMemberTokenRule(member, { teamId: team.id, rule: "any" }, TEST_CONTEXT)).toEqual({ ok: false, reason: "owner_only" });
    expect(await setMemberTokenRule(admin, { teamId: team.id, rule: "any" }, TEST_CONTEXT)).toEqual({ ok: false, reason: "owner_only" });
    expect(await roles(team.id)).toEqual({ [owner.id]: "owner", [admin.id]: "admin", [member.id]: "member" });
  });

  it("an admin changes members' roles and removes members, but never makes, unmakes or removes an owner", async () => {
    const team = await makeTeam(owner, [
      [admin, "admin"],
      [member, "member"],
    ]);
    expect(await changeMemberRole(admin, { teamId: team.id, userId: member.id, role: "owner" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "owner_only",
    });
    expect(await changeMemberRole(admin, { teamId: team.id, userId: owner.id, role: "member" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "owner_only",
    });
    expect(await removeMember(admin, { teamId: team.id, userId: owner.id }, TEST_CONTEXT)).toEqual({ ok: false, reason: "owner_only" });
    expect(await inviteMember(admin, { teamId: team.id, email: "boss@teams.test", role: "owner" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "owner_only",
    });
    expect(await changeMemberRole(admin, { teamId: team.id, userId: member.id, role: "admin" }, TEST_CONTEXT)).toEqual({
      ok: true,
      data: { role: "admin" },
    });
    expect(await removeMember(admin, { teamId: team.id, userId: member.id }, TEST_CONTEXT)).toEqual({
      ok: true,
      data: { email: member.email },
    });
    expect(await roles(team.id)).toEqual({ [owner.id]: "owner", [admin.id]: "admin" });
    // Removed: the team is gone for them at once.
    expect(await teamView(member, team.id)).toBeNull();
    expect(await changeMemberRole(member, { teamId: team.id, userId: member.id, role: "owner" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "not_found",
    });
    const audit = await events(team.id);
    expect(audit.slice(-2)).toEqual([
      { action: "team.member_role_changed", actor: admin.email, subject: member.email, team: team.name },
      { action: "team.member_removed", actor: admin.email, subject: member.email, team: team.name },
    ]);
  });

  it("the last owner can neither leave, be removed nor be demoted; with a second owner they can", async () => {
    const team = await makeTeam(owner, [[admin, "admin"]]);
    expect(await leaveTeam(owner, team.id, TEST_CONTEXT)).toEqual({ ok: false, reason: "last_owner" });
    expect(await removeMember(owner, { teamId: team.id, userId: owner.id }, TEST_CONTEXT)).toEqual({ ok: false, reason: "last_owner" });
    expect(await changeMemberRole(owner, { teamId: team.id, userId: owner.id, role: "admin" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "last_owner",
    });
    expect((await changeMemberRole(owner, { teamId: team.id, userId: admin.id, role: "owner" }, TEST_CONTEXT)).ok).toBe(true);
    expect(await leaveTeam(owner, team.id, TEST_CONTEXT)).toEqual({ ok: true, data: { email: owner.email } });
    expect(await roles(team.id)).toEqual({ [admin.id]: "owner" });
    expect((await events(team.id)).at(-1)).toEqual({
      action: "team.member_left",
      actor: owner.email,
      subject: owner.email,
      team: team.name,
    });
  });

  it("anyone leaves; an owner sets the member token rule, audited", async () => {
    const team = await makeTeam(owner, [[member, "member"]]);
    expect((await leaveTeam(member, team.id, TEST_CONTEXT)).ok).toBe(true);
    expect(await leaveTeam(member, team.id, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    expect(await setMemberTokenRule(owner, { teamId: team.id, rule: "none" }, TEST_CONTEXT)).toEqual({ ok: true, data: { rule: "none" } });
    expect((await teamView(owner, team.id))?.team.memberTokens).toBe("none");
    expect((await events(team.id)).at(-1)).toMatchObject({ action: "team.rule_changed", actor: owner.email });
  });

  it("two owners demoting each other at once leave the team one owner", async () => {
    for (let round = 0; round < 3; round++) {
      const team = await makeTeam(owner, [[admin, "owner"]]);
      const answers = await Promise.all([
        changeMemberRole(owner, { teamId: team.id, userId: admin.id, role: "member" }, TEST_CONTEXT),
        changeMemberRole(admin, { teamId: team.id, userId: owner.id, role: "member" }, TEST_CONTEXT),
      ]);
      expect(answers.filter((a) => a.ok)).toHaveLength(1);
      expect(Object.values(await roles(team.id)).filter((role) => role === "owner")).toHaveLength(1);
    }
  });

  it("two owners leaving at once leave one of them", async () => {
    const team = await makeTeam(owner, [[admin, "owner"]]);
    const answers = await Promise.all([leaveTeam(owner, team.id, TEST_CONTEXT), leaveTeam(admin, team.id, TEST_CONTEXT)]);
    expect(answers.map((a) => (a.ok ? "left" : a.reason)).sort()).toEqual(["last_owner", "left"]);
    expect(Object.values(await roles(team.id))).toEqual(["owner"]);
  });
});
