import { beforeAll, describe, expect, it, vi } from "vitest";

// Teams as an attacker sees them: every action with another team's id, an invitation link used
// by another account, a removed member's old session, and bodies of the wrong type. Each is
// refused and changes nothing.
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { acceptInvitationAction, checkInvitationAction } from "@/app/(auth)/invitations/actions";
import {
  changeRoleAction,
  createTeamAction,
  inviteMemberAction,
  leaveTeamAction,
  removeMemberAction,
  revokeInvitationAction,
  setMemberTokenRuleAction,
} from "@/app/(dashboard)/teams/actions";
import { TEAM_REFUSALS } from "@/app/(dashboard)/teams/words";
import { acceptInvitation, inviteMember } from "@/lib/dal/team-invitations";
import { createTeam, teamView } from "@/lib/dal/teams";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { actAs, makeUser, TEST_CONTEXT } from "@/test/fixtures";
import { cookieJar, formData, fromClient } from "@/test/next-request";

let victim: SessionUser;
let attacker: SessionUser;
let victimTeam: string;
let attackerTeam: string;
let victimInvitation: string;

const snapshot = async () => ({
  members: await db.teamMember.findMany({ where: { teamId: victimTeam }, orderBy: { userId: "asc" } }),
  invitations: await db.teamInvitation.findMany({ where: { teamId: victimTeam }, orderBy: { id: "asc" } }),
  team: await db.team.findUnique({ where: { id: victimTeam } }),
});

beforeAll(async () => {
  await makeUser();
  victim = await makeUser({ email: `victim-${Date.now()}@attack.test` });
  attacker = await makeUser({ email: `attacker-${Date.now()}@attack.test` });
  fromClient("192.0.2.66");
  const a = await createTeam(victim, { name: `Victims ${Date.now()}` }, TEST_CONTEXT);
  const b = await createTeam(attacker, { name: `Attackers ${Date.now()}` }, TEST_CONTEXT);
  if (!a.ok || !b.ok) throw new Error("teams");
  victimTeam = a.team.id;
  attackerTeam = b.team.id;
  const invited = await inviteMember(victim, { teamId: victimTeam, email: "friend@attack.test", role: "member" }, TEST_CONTEXT);
  if (!invited.ok) throw new Error(invited.reason);
  victimInvitation = invited.data.invitation.id;
});

describe("teams under attack", () => {
  it("another team's id in every action: refused as a missing team, nothing changes", async () => {
    await actAs(attacker);
    const before = await snapshot();
    const notFound = { ok: false, message: TEAM_REFUSALS.not_found };
    expect(await changeRoleAction({ teamId: victimTeam, userId: victim.id, role: "member" })).toEqual(notFound);
    expect(await changeRoleAction({ teamId: victimTeam, userId: attacker.id, role: "owner" })).toEqual(notFound);
    expect(await removeMemberAction({ teamId: victimTeam, userId: victim.id })).toEqual(notFound);
    expect(await leaveTeamAction({ teamId: victimTeam })).toEqual(notFound);
    expect(await revokeInvitationAction({ teamId: victimTeam, invitationId: victimInvitation })).toEqual(notFound);
    // Their own team's id with the victim team's invitation: still nothing.
    expect(await revokeInvitationAction({ teamId: attackerTeam, invitationId: victimInvitation })).toEqual({
      ok: false,
      message: TEAM_REFUSALS.no_invitation,
    });
    expect(await removeMemberAction({ teamId: attackerTeam, userId: victim.id })).toEqual({ ok: false, message: TEAM_REFUSALS.no_member });
    expect(await setMemberTokenRuleAction({ teamId: victimTeam, rule: "any" })).toEqual(notFound);
    expect(await inviteMemberAction(null, formData({ teamId: victimTeam, email: attacker.email, role: "owner" }))).toMatchObject(notFound);
    expect(await teamView(attacker, victimTeam)).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it("an invitation link used by another account is refused, and not spent", async () => {
    const invited = await inviteMember(victim, { teamId: victimTeam, email: "colleague@attack.test", role: "admin" }, TEST_CONTEXT);
    if (!invited.ok) throw new Error(invited.reason);
    await actAs(attacker);
    expect(await acceptInvitationAction(null, formData({ token: invited.data.token }))).toMatchObject({ ok: false });
    expect(await checkInvitationAction({ token: invited.data.token })).toMatchObject({ ok: true, data: { kind: "wrong_account" } });
    expect(await db.teamMember.count({ where: { teamId: victimTeam, userId: attacker.id } })).toBe(0);
    expect(await db.teamInvitation.findUnique({ where: { id: invited.data.invitation.id } })).toMatchObject({
      acceptedAt: null,
      revokedAt: null,
    });
    const colleague = await makeUser({ email: "colleague@attack.test" });
    expect((await acceptInvitation(colleague, invited.data.token, TEST_CONTEXT)).ok).toBe(true);
  });

  it("a removed member's old session and its actions open nothing at once", async () => {
    const insider = await makeUser({ email: `insider-${Date.now()}@attack.test` });
    const invited = await inviteMember(victim, { teamId: victimTeam, email: insider.email, role: "admin" }, TEST_CONTEXT);
    if (!invited.ok) throw new Error(invited.reason);
    await acceptInvitation(insider, invited.data.token, TEST_CONTEXT);
    await actAs(insider);
    const session = cookieJar.snapshot();
    await actAs(victim);
    expect((await removeMemberAction({ teamId: victimTeam, userId: insider.id })).ok).toBe(true);
    cookieJar.restore(session);
    const before = await snapshot();
    expect(await changeRoleAction({ teamId: victimTeam, userId: insider.id, role: "admin" })).toEqual({
      ok: false,
      message: TEAM_REFUSALS.not_found,
    });
    expect(await inviteMemberAction(null, formData({ teamId: victimTeam, email: insider.email, role: "admin" }))).toMatchObject({
      ok: false,
    });
    expect(await removeMemberAction({ teamId: victimTeam, userId: victim.id })).toEqual({ ok: false, message: TEAM_REFUSALS.not_found });
    expect(await snapshot()).toEqual(before);
  });

  it("bodies of the wrong type, unknown fields and a spent session are refused, changing nothing", async () => {
    await actAs(attacker);
    const before = await snapshot();
    for (const body of [
      null,
      "x",
      42,
      [],
      { teamId: 7 },
      { teamId: victimTeam, userId: ["a"] },
      { teamId: "\u0000", userId: "x", role: "owner" },
    ]) {
      expect((await changeRoleAction(body)).ok).toBe(false);
      expect((await removeMemberAction(body)).ok).toBe(false);
    }
    expect((await changeRoleAction({ teamId: attackerTeam, userId: attacker.id, role: "superuser" })).ok).toBe(false);
    expect((await setMemberTokenRuleAction({ teamId: attackerTeam, rule: "everything" })).ok).toBe(false);
    expect((await createTeamAction(null, formData({ name: "<script>alert(1)</script>\u0007" })))?.ok).toBe(false);
    expect(await createTeamAction(null, "not a form" as unknown as FormData)).toEqual({ ok: false, message: MESSAGES.unreadableForm });
    expect(await checkInvitationAction({ token: { $ne: null } })).toMatchObject({ ok: false });
    expect(await acceptInvitationAction(null, formData({ token: "../../etc/passwd" }))).toMatchObject({ ok: false });
    await actAs(null);
    expect(await leaveTeamAction({ teamId: attackerTeam })).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    expect(await snapshot()).toEqual(before);
  });
});
