import { beforeAll, describe, expect, it } from "vitest";
import { checkInvitation, inviteMember, pendingInvitations, revokeInvitation } from "@/lib/dal/team-invitations";
import { changeMemberRole, leaveTeam, removeMember, teamView } from "@/lib/dal/teams";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { makeUser, TEST_CONTEXT } from "@/test/fixtures";
import { makeTeam } from "@/test/team-fixtures";

// Attack 3 on teams: an admin may not withdraw an owner's invitation for an owner (revokeInvitation
// says so), and re-inviting the same address is another way to withdraw it.

let owner: SessionUser;
let admin: SessionUser;
let teamId: string;
beforeAll(async () => {
  await makeUser();
  owner = await makeUser({ email: `owner-${Date.now()}@attack3.test` });
  admin = await makeUser({ email: `admin-${Date.now()}@attack3.test` });
  teamId = (
    await makeTeam("Attack three", [
      [owner, "owner"],
      [admin, "admin"],
    ])
  ).id;
});

describe("an owner's invitation for an owner", () => {
  it("is not withdrawn by an admin, neither directly nor by inviting the same address again", async () => {
    const email = `future-owner-${Date.now()}@attack3.test`;
    const invited = await inviteMember(owner, { teamId, email, role: "owner" }, TEST_CONTEXT);
    if (!invited.ok) throw new Error(invited.reason);
    const { token, invitation } = invited.data;

    expect(await revokeInvitation(admin, { teamId, invitationId: invitation.id }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "owner_only",
    });
    expect(await inviteMember(admin, { teamId, email, role: "member" }, TEST_CONTEXT)).toEqual({ ok: false, reason: "owner_only" });
    expect(await checkInvitation(token, null)).toMatchObject({ ok: true, invitation: { role: "owner" } });
    expect(await db.teamInvitation.count({ where: { teamId, email } })).toBe(1);

    // The owner still replaces it.
    expect((await inviteMember(owner, { teamId, email, role: "member" }, TEST_CONTEXT)).ok).toBe(true);
    expect(await checkInvitation(token, null)).toEqual({ ok: false, reason: "revoked" });
  });

  it("an admin re-inviting an address invited as member or admin still replaces that invitation", async () => {
    const email = `future-member-${Date.now()}@attack3.test`;
    const first = await inviteMember(owner, { teamId, email, role: "admin" }, TEST_CONTEXT);
    if (!first.ok) throw new Error(first.reason);
    expect((await inviteMember(admin, { teamId, email, role: "member" }, TEST_CONTEXT)).ok).toBe(true);
    expect(await checkInvitation(first.data.token, null)).toEqual({ ok: false, reason: "revoked" });
  });
});

describe("the last owner who can act", () => {
  it("cannot leave, nor be demoted or removed, while the only other owner is disabled", async () => {
    const active = await makeUser({ email: `active-owner-${Date.now()}@attack3.test` });
    const gone = await makeUser({ email: `gone-owner-${Date.now()}@attack3.test` });
    const id = (
      await makeTeam("Attack three owners", [
        [active, "owner"],
        [gone, "owner"],
      ])
    ).id;
    await db.user.update({ where: { id: gone.id }, data: { disabledAt: new Date() } });

    expect(await leaveTeam(active, id, TEST_CONTEXT)).toEqual({ ok: false, reason: "last_owner" });
    expect(await changeMemberRole(active, { teamId: id, userId: active.id, role: "admin" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "last_owner",
    });
    // The disabled owner goes, and the active one stays.
    expect((await removeMember(active, { teamId: id, userId: gone.id }, TEST_CONTEXT)).ok).toBe(true);
    expect(await db.teamMember.findMany({ where: { teamId: id }, select: { userId: true, role: true } })).toEqual([
      { userId: active.id, role: "owner" },
    ]);
  });
});

describe("a team page's id from the address (/teams/%00)", () => {
  it("names no team, on PostgreSQL too (which cannot compare a NUL: a 500)", async () => {
    for (const teamIdInUrl of ["\u0000", `${teamId}\u0000`, "x".repeat(5_000)]) {
      expect(await teamView(owner, teamIdInUrl)).toBeNull();
      expect(await pendingInvitations(owner, teamIdInUrl)).toEqual([]);
    }
  });
});
