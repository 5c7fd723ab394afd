import { beforeAll, describe, expect, it, vi } from "vitest";

// The Teams actions as the screens call them: the real session, DAL and database; only Next's
// request scope is stood in for (test/next-request.ts).
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { acceptInvitationAction, checkInvitationAction } from "@/app/(auth)/invitations/actions";
import { INVITATION_WORDS } from "@/app/(auth)/invitations/words";
import {
  changeRoleAction,
  createTeamAction,
  inviteMemberAction,
  leaveTeamAction,
  removeMemberAction,
  setMemberTokenRuleAction,
} from "@/app/(dashboard)/teams/actions";
import { TEAM_REFUSALS, TEAMS_WORDS } from "@/app/(dashboard)/teams/words";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { actAs, makeUser } from "@/test/fixtures";
import { formData, fromClient } from "@/test/next-request";

let owner: SessionUser;
let invitee: SessionUser;
beforeAll(async () => {
  await makeUser();
  owner = await makeUser({ email: `owner-${Date.now()}@actions.test` });
  invitee = await makeUser({ email: `invitee-${Date.now()}@actions.test` });
  fromClient("198.51.100.20", { "x-forwarded-host": "ignored.example" });
});

/** Runs a redirecting action and returns where it sent the browser. */
async function redirected(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (digest.startsWith("NEXT_REDIRECT")) return digest.split(";")[2] ?? "";
    throw error;
  }
  throw new Error("no redirect");
}

async function makeTeam(name: string): Promise<string> {
  await actAs(owner);
  const to = await redirected(() => createTeamAction(null, formData({ name })));
  return to.replace("/teams/", "");
}

describe("Teams actions", () => {
  it("creates a team and opens it; a taken name is refused beside the field", async () => {
    const name = `Actions ${Date.now()}`;
    const teamId = await makeTeam(name);
    expect(await db.teamMember.findUnique({ where: { teamId_userId: { teamId, userId: owner.id } } })).toMatchObject({ role: "owner" });
    expect(await createTeamAction(null, formData({ name: name.toLowerCase() }))).toMatchObject({
      ok: false,
      fieldErrors: { name: [TEAMS_WORDS.nameTaken(name.toLowerCase())] },
    });
    expect(await createTeamAction(null, formData({ name: "x".repeat(65) }))).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.any(Array) },
    });
  });

  it("invites, and the invited account accepts through the link's token", async () => {
    const teamId = await makeTeam(`Invites ${Date.now()}`);
    const invited = await inviteMemberAction(null, formData({ teamId, email: invitee.email, role: "admin" }));
    if (!invited?.ok) throw new Error("not invited");
    expect(invited.data).toMatchObject({ email: invitee.email, mailed: false });
    const token = new URL(invited.data.link).hash.replace("#token=", "");
    expect(invited.data.link.startsWith("http://localhost:")).toBe(true);

    await actAs(null);
    expect(await checkInvitationAction({ token })).toMatchObject({
      ok: true,
      data: { signedIn: false, role: "admin", email: invitee.email },
    });
    expect(await acceptInvitationAction(null, formData({ token }))).toMatchObject({ ok: false });
    await actAs(owner);
    expect(await checkInvitationAction({ token })).toEqual({
      ok: true,
      data: { kind: "wrong_account", message: INVITATION_WORDS.wrongAccount(invitee.email) },
    });
    await actAs(invitee);
    expect(await redirected(() => acceptInvitationAction(null, formData({ token })))).toBe(`/teams/${teamId}?joined=1`);
    expect(await acceptInvitationAction(null, formData({ token }))).toMatchObject({ ok: false, message: INVITATION_WORDS.used });
  });

  it("changes roles, sets the rule, removes, leaves, with clear refusals", async () => {
    const teamId = await makeTeam(`Roles ${Date.now()}`);
    const invited = await inviteMemberAction(null, formData({ teamId, email: invitee.email, role: "member" }));
    if (!invited?.ok) throw new Error("not invited");
    await actAs(invitee);
    await redirected(() => acceptInvitationAction(null, formData({ token: new URL(invited.data.link).hash.slice(7) })));
    expect(await changeRoleAction({ teamId, userId: invitee.id, role: "owner" })).toEqual({
      ok: false,
      message: TEAM_REFUSALS.not_allowed,
    });
    await actAs(owner);
    expect(await leaveTeamAction({ teamId })).toEqual({ ok: false, message: TEAM_REFUSALS.last_owner });
    expect(await changeRoleAction({ teamId, userId: invitee.id, role: "admin" })).toEqual({ ok: true, data: { role: "admin" } });
    expect(await setMemberTokenRuleAction({ teamId, rule: "any" })).toEqual({ ok: true, data: { rule: "any" } });
    expect(await removeMemberAction({ teamId, userId: invitee.id })).toEqual({ ok: true, data: { email: invitee.email } });
    expect(await removeMemberAction({ teamId, userId: invitee.id })).toEqual({ ok: false, message: TEAM_REFUSALS.no_member });
  });
});
