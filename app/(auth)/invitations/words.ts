import { INVITATION_DAYS, TEAM_ROLE_LABELS, type TeamRole } from "@/lib/teams";

// The words of the invitation page (where an invitation link lands), for the page and the tests.

export const INVITATION_WORDS = {
  title: "Team invitation",
  checking: "Checking your invitation…",
  invitedTo: (team: string, role: TeamRole) =>
    `You are invited to join ${team} as ${role === "member" ? "a" : "an"} ${TEAM_ROLE_LABELS[role]}.`,
  forEmail: (email: string) => `This invitation is for ${email}.`,
  signInFirst: "Log in or sign up with that email to accept it. You will come back here.",
  login: "Log in",
  signup: "Sign up",
  accept: "Join team",
  wrongAccount: (email: string) =>
    `This invitation is for ${email}, and you are signed in with another account. Log out, then open the link again and sign in as ${email}. The invitation is still valid.`,
  logOut: "Log out",
  unknown: "This invitation link is not valid. Check that you opened the whole link, or ask for a new one.",
  used: "This invitation has been used already. If you are in the team, it is on your Teams page.",
  revoked: "This invitation was withdrawn, or a newer one was sent. Ask the team's owner or admin for a new one.",
  expired: `This invitation has expired: links work for ${INVITATION_DAYS} days. Ask the team's owner or admin for a new one.`,
  toTeams: "Go to Teams",
} as const;
