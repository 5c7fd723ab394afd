"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { formAction, userAction } from "@/lib/auth/action";
import { invitationLinkUrl, invitationsByEmail, sendInvitationLater } from "@/lib/auth/team-invitation";
import { inviteMember, revokeInvitation } from "@/lib/dal/team-invitations";
import { changeMemberRole, createTeam, leaveTeam, removeMember, setMemberTokenRule, type TeamWrite } from "@/lib/dal/teams";
import type { ActionResult } from "@/lib/model";
import { requestOrigin } from "@/lib/server/request-context";
import {
  changeRoleSchema,
  createTeamSchema,
  invitationIdSchema,
  inviteMemberSchema,
  memberSchema,
  memberTokenRuleSchema,
  teamIdSchema,
} from "@/lib/validation/teams";
import { managesMembers } from "@/lib/teams";
import { TEAM_REFUSALS, TEAMS_WORDS } from "./words";

// Each action is a public endpoint: the session comes from userAction, and the team's data
// layer checks the acting person's membership and role again inside the write's transaction.
//
// Sudo mode (lib/auth/sudo.ts) for what would let a stolen session hand the team's tokens to
// someone else: an invitation (whoever accepts may create the team's tokens, as the rule
// allows), a role raised to admin or owner, a rule that lets members create tokens.

function answer<T>(result: TeamWrite<T>, teamId: string): ActionResult<T> {
  if (!result.ok) return { ok: false, message: TEAM_REFUSALS[result.reason] };
  revalidatePath(`/teams/${teamId}`);
  revalidatePath("/teams");
  // The sidebar's context switcher lists one's teams: every page's layout reads them again.
  revalidatePath("/", "layout");
  return { ok: true, data: result.data };
}

export const createTeamAction = formAction(
  userAction({
    schema: createTeamSchema,
    async run({ user, input, meta }): Promise<ActionResult<{ id: string; name: string }>> {
      const result = await createTeam(user, input, { meta });
      if (!result.ok) {
        const message = TEAMS_WORDS.nameTaken(input.name);
        return { ok: false, message, fieldErrors: { name: [message] } };
      }
      revalidatePath("/", "layout");
      redirect(`/teams/${result.team.id}`);
    },
  }),
  ["name"],
);

export type InviteAnswer = { email: string; link: string; mailed: boolean };

export const inviteMemberAction = formAction(
  userAction({
    schema: inviteMemberSchema,
    sudo: true,
    async run({ user, input, meta }): Promise<ActionResult<InviteAnswer>> {
      const result = await inviteMember(user, input, { meta });
      if (!result.ok) {
        const message = TEAM_REFUSALS[result.reason];
        return result.reason === "already_member" ? { ok: false, message, fieldErrors: { email: [message] } } : { ok: false, message };
      }
      const { token, invitation, teamName } = result.data;
      sendInvitationLater({ token, email: invitation.email, role: invitation.role, teamName, invitedBy: user.name });
      revalidatePath(`/teams/${input.teamId}`);
      const link = invitationLinkUrl(requestOrigin(await headers()), token);
      return { ok: true, data: { email: invitation.email, link, mailed: invitationsByEmail() } };
    },
  }),
  ["email", "role"],
);

export const changeRoleAction = userAction({
  schema: changeRoleSchema,
  sudo: async ({ input }) => managesMembers(input.role),
  run: async ({ user, input, meta }) => answer(await changeMemberRole(user, input, { meta }), input.teamId),
});

export const removeMemberAction = userAction({
  schema: memberSchema,
  run: async ({ user, input, meta }) => answer(await removeMember(user, input, { meta }), input.teamId),
});

export const leaveTeamAction = userAction({
  schema: teamIdSchema,
  run: async ({ user, input, meta }) => answer(await leaveTeam(user, input.teamId, { meta }), input.teamId),
});

export const revokeInvitationAction = userAction({
  schema: invitationIdSchema,
  run: async ({ user, input, meta }) => answer(await revokeInvitation(user, input, { meta }), input.teamId),
});

export const setMemberTokenRuleAction = userAction({
  schema: memberTokenRuleSchema,
  sudo: async ({ input }) => input.rule !== "none",
  run: async ({ user, input, meta }) => answer(await setMemberTokenRule(user, input, { meta }), input.teamId),
});
