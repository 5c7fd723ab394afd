import type { Grant } from "@/lib/permissions";

// A team's vocabulary: its roles, what each may do with the team's tokens, and the rule an owner
// sets for members. Client-safe: the screens read it, and lib/dal/ checks every write against it.

export const TEAM_ROLES = ["owner", "admin", "member"] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const isTeamRole = (value: unknown): value is TeamRole => (TEAM_ROLES as readonly unknown[]).includes(value);
/** A role as stored: anything the app did not write reads as the least, member. */
export const teamRoleOf = (value: string): TeamRole => (isTeamRole(value) ? value : "member");

export const TEAM_ROLE_LABELS = { owner: "Owner", admin: "Admin", member: "Member" } as const satisfies Record<TeamRole, string>;
export const TEAM_ROLE_DESCRIPTIONS = {
  owner: "Everything an admin can, plus the team's rules and its owners.",
  admin: "Invites and removes members, creates, rolls, edits and deletes the team's tokens.",
  member: "Sees the team's tokens and creates what the team's rule allows.",
} as const satisfies Record<TeamRole, string>;

/** What a member (neither admin nor owner) may create: the team's owners choose. */
export const MEMBER_TOKEN_RULES = ["read_only", "none", "any"] as const;
export type MemberTokenRule = (typeof MEMBER_TOKEN_RULES)[number];
export const isMemberTokenRule = (value: unknown): value is MemberTokenRule => (MEMBER_TOKEN_RULES as readonly unknown[]).includes(value);
/** A rule as stored: anything the app did not write reads as the default, Read-Only. */
export const memberTokenRuleOf = (value: string): MemberTokenRule => (isMemberTokenRule(value) ? value : "read_only");
export const MEMBER_TOKEN_RULE_LABELS = {
  read_only: "Members may create Read-Only tokens",
  none: "Only admins and owners create tokens",
  any: "Members may create any token",
} as const satisfies Record<MemberTokenRule, string>;

/**
 * The roles that manage a team: invite, remove and change members (an admin never makes or
 * unmakes an owner); create, roll, edit, narrow and delete any of its tokens; take over a team
 * token from someone offboarded.
 */
export const MANAGER_ROLES = ["owner", "admin"] as const satisfies readonly TeamRole[];
const isManager = (role: TeamRole) => (MANAGER_ROLES as readonly TeamRole[]).includes(role);
export const managesTeamTokens = isManager;
export const managesMembers = isManager;

/** Whether a grant writes anything: a member under the default rule may create only what does not. */
export const grantWrites = (grant: Grant) =>
  grant.scope === "WRITE" || (grant.scope === "CUSTOM" && grant.permissions.some((permission) => !permission.endsWith(":read")));

/** Whether someone of `role` may create a team token holding `grant`, under the team's rule. */
export function mayCreateTeamToken(role: TeamRole, rule: MemberTokenRule, grant: Grant): boolean {
  if (managesTeamTokens(role)) return true;
  if (rule === "any") return true;
  if (rule === "none") return false;
  return !grantWrites(grant);
}

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
