"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getCurrentUser, needsTwoFactorSetup } from "@/lib/auth/session";
import { formAction, publicAction } from "@/lib/auth/action";
import { acceptInvitation, checkInvitation, type InvitationPreview, type InvitationRefusal } from "@/lib/dal/team-invitations";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { invitationTokenSchema } from "@/lib/validation/teams";
import { INVITATION_WORDS } from "./words";

const refused = (reason: InvitationRefusal, email = ""): ActionResult<never> => ({
  ok: false,
  message: reason === "wrong_account" ? INVITATION_WORDS.wrongAccount(email) : INVITATION_WORDS[reason],
});

/** Ready to accept (or to sign in for), or signed in as another account: refused, and still valid. */
export type InvitationCheck = (InvitationPreview & { kind: "ready"; signedIn: boolean }) | { kind: "wrong_account"; message: string };

/** What the link just opened is worth, and whether the browser is signed in as its address. Changes nothing. */
export const checkInvitationAction = publicAction({
  schema: invitationTokenSchema,
  onInvalid: () => refused("unknown"),
  async run({ input }): Promise<ActionResult<InvitationCheck>> {
    const user = await getCurrentUser();
    const check = await checkInvitation(input.token, user);
    if (!check.ok && check.reason === "wrong_account")
      return { ok: true, data: { kind: "wrong_account", message: INVITATION_WORDS.wrongAccount(check.email ?? "") } };
    if (!check.ok) return refused(check.reason);
    return { ok: true, data: { kind: "ready", ...check.invitation, signedIn: user !== null } };
  },
});

/** Joins the team: only signed in as the invited address, once. A plain form posts here, the token in its body. */
export const acceptInvitationAction = formAction(
  publicAction({
    schema: invitationTokenSchema,
    onInvalid: () => refused("unknown"),
    async run({ input, meta }): Promise<ActionResult> {
      const user = await getCurrentUser();
      if (!user) return { ok: false, message: MESSAGES.sessionEnded };
      if (user.mustChangePassword) return { ok: false, message: MESSAGES.passwordChangeRequired };
      if (await needsTwoFactorSetup(user.id)) return { ok: false, message: MESSAGES.twoFactorRequired };
      const result = await acceptInvitation(user, input.token, { meta });
      if (!result.ok) return refused(result.reason, result.email);
      // The sidebar's context switcher gains the team.
      revalidatePath("/", "layout");
      redirect(`/teams/${result.team.id}?joined=1`);
    },
  }),
);
