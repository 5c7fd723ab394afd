import { INVITATION_DAYS, TEAM_ROLE_LABELS, type TeamRole } from "@/lib/teams";
import type { TeamRefusal } from "@/lib/dal/teams";

/** "an Owner", "an Admin", "a Member". */
export const aRole = (role: TeamRole) => `${role === "member" ? "a" : "an"} ${TEAM_ROLE_LABELS[role]}`;

// The words of the Teams screens, said once: the pages, their forms and actions show them, and
// the end-to-end tests find the screens by them. A plain module (no React, no server code).

export const TEAMS_WORDS = {
  title: "Teams",
  description: "Teams own API tokens together. Create a team, then invite the people who work with you.",
  createTeam: "Create team",
  teamName: "Team name",
  teamNameHint: "Unique in this console, 1–64 characters.",
  nameTaken: (name: string) => `A team named “${name}” already exists. Choose another name.`,
  yourTeams: "Your teams",
  empty: "You are not in a team yet",
  emptyDescription: "Create one above, or ask a team's owner to invite you.",
  name: "Name",
  yourRole: "Your role",
  members: "Members",
  joined: "joined",
  memberCount: (count: number) => `${count} ${count === 1 ? "member" : "members"}`,
  created: (name: string) => `Team “${name}” created. You are its owner.`,
} as const;

export const TEAM_WORDS = {
  description: (role: TeamRole) => `You are ${aRole(role)} of this team.`,
  back: "All teams",
  tokensLink: "The team's API tokens",
  membersTitle: "Members",
  membersDescription: "Owners and admins invite, change and remove members. Only an owner makes or unmakes an owner.",
  columnName: "Name",
  columnEmail: "Email",
  columnRole: "Role",
  columnJoined: "Joined",
  columnSource: "Source",
  columnAction: "Action",
  // "console": the team's creator, or an invitation accepted; "claim": added by single sign-on's team claim.
  source: { console: "Console", claim: "Single sign-on" },
  you: "(you)",
  roleFor: (name: string) => `Role of ${name}`,
  changeRole: "Change role",
  roleChanged: (name: string, role: TeamRole) => `${name} is now ${aRole(role)}.`,
  remove: "Remove",
  removeTitle: (name: string) => `Remove ${name} from the team?`,
  removeDescription: "They lose access to the team and its tokens at once. The tokens they created stay with the team.",
  removeConfirm: "Remove member",
  removed: (name: string) => `${name} was removed from the team.`,
  leave: "Leave team",
  leaveTitle: (team: string) => `Leave ${team}?`,
  leaveDescription: "You lose access to the team and its tokens at once. An owner or admin can invite you again.",
  leaveConfirm: "Leave team",
  inviteTitle: "Invite someone",
  inviteDescription: `They get a link that works for ${INVITATION_DAYS} days, once, and only for the account with this email.`,
  email: "Email",
  role: "Role",
  invite: "Send invitation",
  invited: (email: string) => `Invitation created for ${email}.`,
  mailed: (email: string) => `We emailed the link to ${email}.`,
  notMailed: "This console sends no email: copy the link and send it to them yourself. It is shown only now.",
  invitationLink: "Invitation link",
  copy: "Copy",
  copied: "Copied",
  invitationsTitle: "Pending invitations",
  noInvitations: "No invitation is waiting for an answer.",
  expires: "Expires",
  expired: "Expired",
  withdraw: "Withdraw",
  withdrawTitle: (email: string) => `Withdraw the invitation for ${email}?`,
  withdrawDescription: "Its link stops working at once. You can invite them again later.",
  withdrawConfirm: "Withdraw invitation",
  withdrawn: (email: string) => `The invitation for ${email} was withdrawn.`,
  ruleTitle: "Member token rule",
  ruleDescription: "What members (neither admins nor owners) may create among the team's tokens. Only owners set it.",
  ruleSave: "Save rule",
  ruleSaved: "The rule is saved.",
} as const;

export const TEAM_REFUSALS: Record<TeamRefusal, string> = {
  not_found: "This team does not exist, or you are no longer in it.",
  no_member: "This person is no longer in the team.",
  not_allowed: "Only the team's owners and admins can do this.",
  owner_only: "Only an owner can make, unmake or remove an owner, or set the team's rules.",
  last_owner: "A team needs at least one owner: make someone else an owner first.",
  already_member: "This person is in the team already.",
  no_invitation: "This invitation is no longer waiting: it was withdrawn or accepted.",
};
