import "server-only";
import { env } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { mailConfigured, sendMail } from "@/lib/server/mail";
import { INVITATION_DAYS, TEAM_ROLE_LABELS, type TeamRole } from "@/lib/teams";

// The token is in the fragment, which browsers send to no server and put in no Referer: the
// invitation page reads it, takes it out of the address bar and posts it.
export const invitationLinkUrl = (origin: string, token: string) => `${origin}/invitations#token=${token}`;

// Mailed only with PUBLIC_URL, never the request's Host header, as reset links are: anyone can
// send one, and a link to their own host would carry the invitation's token there.
export const invitationsByEmail = () => mailConfigured() && Boolean(env().PUBLIC_URL);

type Invitation = { token: string; email: string; role: TeamRole; teamName: string; invitedBy: string };

function invitationEmail(invitation: Invitation) {
  return {
    to: invitation.email,
    subject: `You are invited to the team ${invitation.teamName} on Token Console`,
    text: [
      "Hello,",
      "",
      `${invitation.invitedBy} invited you to join the team ${invitation.teamName} as ${TEAM_ROLE_LABELS[invitation.role]}.`,
      `To accept, open this link within ${INVITATION_DAYS} days and sign in (or sign up) with ${invitation.email}:`,
      "",
      invitationLinkUrl(env().PUBLIC_URL!, invitation.token),
      "",
      "The link works once, and only for that email address. If you did not expect it, ignore this email.",
    ].join("\n"),
  };
}

/** Never awaited by the request: a slow or failing mail server does not hold the inviter's answer. */
export function sendInvitationLater(invitation: Invitation): void {
  if (!invitationsByEmail()) return;
  void sendMail(invitationEmail(invitation)).catch((error: unknown) => log.error("team_invitation.not_sent", { error: String(error) }));
}
