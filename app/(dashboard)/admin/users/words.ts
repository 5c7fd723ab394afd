// The words of the Users screens (/admin/users and one account's offboarding view): the screens
// show them, and the tests find the screens by them.

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

export const USERS_WORDS = {
  title: "Users",
  description:
    "Every account of this console. Disabling an account ends its sessions at once and revokes its personal tokens; team tokens it created keep working until you hand them over or revoke them.",
  label: "Accounts",
  filterEmail: "Filter by email",
  filterEmailPlaceholder: "Email (or part of it)",
  filterStatus: "Filter by status",
  statusOptions: { "": "Any status", active: "Active", disabled: "Disabled" },
  apply: "Filter",
  columns: {
    email: "Email",
    name: "Name",
    role: "Role",
    created: "Created",
    status: "Status",
    tokens: "Personal tokens",
    action: "Action",
  },
  roles: { ADMIN: "Admin", MEMBER: "Member" },
  tokenCount: (n: number) => plural(n, "personal token"),
  active: "Active",
  disabled: "Disabled",
  you: "you",
  empty: "No account matches this filter.",
  emptyHint: "Clear the filter to see every account.",
  clear: "Clear filter",
  disable: "Disable",
  enable: "Enable",
  teamTokens: (n: number) => `Team tokens (${n})`,
  disableTitle: (email: string) => `Disable ${email}?`,
  disableDescription: (tokens: number) =>
    `Its sessions end and its ${plural(tokens, "personal token")} ${tokens === 1 ? "is" : "are"} revoked. Team tokens it created keep working. Enabling it later brings no token back.`,
  disableConfirm: "Disable account",
  enableTitle: (email: string) => `Enable ${email}?`,
  enableDescription: "The person can sign in again. None of the tokens revoked when the account was disabled comes back.",
  enableConfirm: "Enable account",
  disabledNotice: (email: string, tokens: number) =>
    `${email} is disabled: its sessions ended and ${plural(tokens, "personal token")} revoked.`,
  enabledNotice: (email: string) => `${email} is enabled again.`,
  previous: "Previous",
  next: "Next",
  pageOf: (page: number, pages: number) => `Page ${page} of ${pages}`,
  showing: (first: number, last: number, total: number) => `Showing ${first}–${last} of ${total}`,
  loading: "Loading accounts…",
} as const;

export const ACCOUNT_WORDS = {
  back: "All users",
  title: (email: string) => `Offboarding ${email}`,
  statusLine: (disabledAt: string | null) => (disabledAt ? "Disabled" : "Active"),
  description:
    "The team tokens this account created. They belong to their team and keep working: hand each one over to an owner or admin of its team, or revoke it.",
  tokensLabel: "Team tokens created by this account",
  columns: { name: "Token", team: "Team", created: "Created", lastUsed: "Last used", action: "Action" },
  never: "Never",
  empty: "This account created no team token that is still there.",
  heirLabel: (name: string) => `New creator of ${name}`,
  heirPlaceholder: "Choose who takes it",
  noHeir: "No active owner or admin of this team can take it: revoke it, or add one to the team first.",
  handOver: "Hand over",
  chooseHeir: "Choose who takes the token over.",
  revoke: "Revoke",
  revokeTitle: (name: string) => `Revoke “${name}”?`,
  revokeDescription: "The token stops working at once, for everyone in its team. This cannot be undone.",
  revokeConfirm: "Revoke token",
  handedNotice: (name: string, email: string) => `“${name}” now belongs to ${email} as its creator.`,
  revokedNotice: (name: string) => `“${name}” was revoked.`,
  notFound: "That account was not found.",
} as const;

/** What the actions answer when they refuse, in a person's words. */
export const OFFBOARDING_MESSAGES = {
  not_found: "That account was not found.",
  self: "You cannot disable your own account.",
  last_admin: "This is the last active admin. Make someone else an admin first.",
  already_disabled: "This account is already disabled.",
  already_active: "This account is not disabled.",
  tokenNotFound: "That team token was not found. It may have been revoked already.",
  not_heir: "That person cannot take this token: choose an active owner or admin of its team.",
} as const;
