import { beforeAll, describe, expect, it } from "vitest";
import { acceptInvitation, checkInvitation, inviteMember, pendingInvitations, revokeInvitation } from "@/lib/dal/team-invitations";
import { createTeam, teamView } from "@/lib/dal/teams";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { INVITATION_DAYS } from "@/lib/teams";
import { everyStoredValue, makeUser, TEST_CONTEXT, TEST_META } from "@/test/fixtures";

let owner: SessionUser;
let invitee: SessionUser;
let other: SessionUser;
let teamId: string;
beforeAll(async () => {
  await makeUser();
  owner = await makeUser({ email: `owner-${Date.now()}@invitations.test` });
  invitee = await makeUser({ email: `invitee-${Date.now()}@invitations.test` });
  other = await makeUser({ email: `other-${Date.now()}@invitations.test` });
  const created = await createTeam(owner, { name: `Invitations ${Date.now()}` }, TEST_CONTEXT);
  if (!created.ok) throw new Error(created.reason);
  teamId = created.team.id;
});

async function invite(email: string, role: "owner" | "admin" | "member" = "member", meta = TEST_META) {
  const invited = await inviteMember(owner, { teamId, email, role }, { meta });
  if (!invited.ok) throw new Error(invited.reason);
  return invited.data;
}

const isMember = async (user: SessionUser) => (await db.teamMember.count({ where: { teamId, userId: user.id } })) > 0;

describe("invitations", () => {
  it("keep only the link token's hash; the invited account joins with the role, once", async () => {
    const { token, invitation } = await invite(invitee.email.toUpperCase(), "admin");
    expect(invitation).toMatchObject({ email: invitee.email, role: "admin", expired: false });
    expect(new Date(invitation.expiresAt).getTime() - new Date(invitation.createdAt).getTime()).toBe(INVITATION_DAYS * 86_400_000);
    expect(await everyStoredValue()).not.toContain(token);
    expect(await checkInvitation(token, null)).toMatchObject({ ok: true, invitation: { email: invitee.email, role: "admin" } });
    expect((await pendingInvitations(owner, teamId)).map((i) => i.email)).toContain(invitee.email);

    expect(await acceptInvitation(invitee, token, TEST_CONTEXT)).toMatchObject({ ok: true, team: { id: teamId } });
    expect((await teamView(invitee, teamId))?.role).toBe("admin");
    expect(await acceptInvitation(invitee, token, TEST_CONTEXT)).toEqual({ ok: false, reason: "used" });
    expect(await checkInvitation(token, invitee)).toEqual({ ok: false, reason: "used" });
    expect((await pendingInvitations(owner, teamId)).map((i) => i.email)).not.toContain(invitee.email);
    expect(await db.auditEvent.count({ where: { teamId, action: "team.member_joined", targetOwnerId: invitee.id } })).toBe(1);
  });

  it("another account is refused, and the link stays usable by the right one", async () => {
    const email = `late-${Date.now()}@invitations.test`;
    const { token } = await invite(email);
    expect(await checkInvitation(token, other)).toEqual({ ok: false, reason: "wrong_account", email });
    expect(await acceptInvitation(other, token, TEST_CONTEXT)).toEqual({ ok: false, reason: "wrong_account", email });
    expect(await isMember(other)).toBe(false);
    const late = await makeUser({ email });
    expect((await acceptInvitation(late, token, TEST_CONTEXT)).ok).toBe(true);
    expect(await isMember(late)).toBe(true);
  });

  it("an expired link is refused", async () => {
    const email = `expired-${Date.now()}@invitations.test`;
    const { token } = await invite(email, "member", { ...TEST_META, at: new Date(Date.now() - (INVITATION_DAYS + 1) * 86_400_000) });
    const user = await makeUser({ email });
    expect(await checkInvitation(token, user)).toEqual({ ok: false, reason: "expired" });
    expect(await acceptInvitation(user, token, TEST_CONTEXT)).toEqual({ ok: false, reason: "expired" });
    expect(await isMember(user)).toBe(false);
    expect((await pendingInvitations(owner, teamId)).find((i) => i.email === email)?.expired).toBe(true);
  });

  it("a withdrawn link, and one replaced by a newer invitation, are refused", async () => {
    const email = `withdrawn-${Date.now()}@invitations.test`;
    const user = await makeUser({ email });
    const first = await invite(email);
    const second = await invite(email, "admin");
    expect((await pendingInvitations(owner, teamId)).filter((i) => i.email === email)).toHaveLength(1);
    expect(await acceptInvitation(user, first.token, TEST_CONTEXT)).toEqual({ ok: false, reason: "revoked" });
    expect(await revokeInvitation(owner, { teamId, invitationId: second.invitation.id }, TEST_CONTEXT)).toEqual({
      ok: true,
      data: { email },
    });
    expect(await revokeInvitation(owner, { teamId, invitationId: second.invitation.id }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "no_invitation",
    });
    expect(await acceptInvitation(user, second.token, TEST_CONTEXT)).toEqual({ ok: false, reason: "revoked" });
    expect(await isMember(user)).toBe(false);
    expect(await db.auditEvent.count({ where: { teamId, action: "team.invitation_revoked" } })).toBeGreaterThanOrEqual(1);
  });

  it("an unknown link, someone already in the team, and another team's invitation", async () => {
    expect(await checkInvitation("A".repeat(43), null)).toEqual({ ok: false, reason: "unknown" });
    expect(await acceptInvitation(other, "A".repeat(43), TEST_CONTEXT)).toEqual({ ok: false, reason: "unknown" });
    expect(await inviteMember(owner, { teamId, email: owner.email, role: "member" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "already_member",
    });
    const elsewhere = await createTeam(other, { name: `Elsewhere ${Date.now()}` }, TEST_CONTEXT);
    if (!elsewhere.ok) throw new Error(elsewhere.reason);
    const theirs = await inviteMember(other, { teamId: elsewhere.team.id, email: "x@invitations.test", role: "member" }, TEST_CONTEXT);
    if (!theirs.ok) throw new Error(theirs.reason);
    // Owner of one team, withdrawing another team's invitation through their own team's id.
    expect(await revokeInvitation(owner, { teamId, invitationId: theirs.data.invitation.id }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "no_invitation",
    });
    expect(await revokeInvitation(owner, { teamId: elsewhere.team.id, invitationId: theirs.data.invitation.id }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(await pendingInvitations(owner, elsewhere.team.id)).toEqual([]);
  });

  it("one link accepted twice at the same moment joins once", async () => {
    const email = `twice-${Date.now()}@invitations.test`;
    const user = await makeUser({ email });
    const { token } = await invite(email);
    const answers = await Promise.all([acceptInvitation(user, token, TEST_CONTEXT), acceptInvitation(user, token, TEST_CONTEXT)]);
    expect(answers.map((a) => (a.ok ? "joined" : a.reason)).sort()).toEqual(["joined", "used"]);
    expect(await db.auditEvent.count({ where: { teamId, action: "team.member_joined", targetOwnerId: user.id } })).toBe(1);
  });
});
