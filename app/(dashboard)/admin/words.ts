// The words of the admin screens (All Tokens, Audit Log), said once: the screens show them and
// the end-to-end tests find the screens by them. A plain module (no React, no server code), so
// that Playwright can import it. An admin revokes a token; its owner deletes one.
import { formatCount } from "@/lib/model";

export const ALL_TOKENS_WORDS = {
  title: "All Tokens",
  description:
    "Every API token of every user. Revoking a token stops it at once; its owner sees it gone, and the audit log records who revoked it.",
  label: "All tokens",
  owner: "Owner",
  filterOwner: "Filter by owner",
  filterOwnerPlaceholder: "Owner email (or its start)",
  filterTeam: "Filter by team",
  filterTeamPlaceholder: "Team name (or its start)",
  /** Under the creator, for a team's token. */
  teamOf: (team: string) => `Team: ${team}`,
  filterName: "Filter by token name",
  filterNamePlaceholder: "Token name (or its start)",
  filterExpiry: "Filter by expiry",
  expiryOptions: { "": "Any expiry", expiring: "Expiring within 7 days", expired: "Expired" },
  filterScope: "Filter by access scope",
  anyScope: "Any access scope",
  filterPermission: "Filter by permission",
  anyPermission: "Any permission",
  /** An option of the permission filter: the tokens that may do it, presets included. */
  permissionOption: (label: string, action: "read" | "write") => `${label} ${action}`,
  sort: "Sort tokens",
  sortOptions: {
    "createdAt:desc": "Newest first",
    "createdAt:asc": "Oldest first",
    "owner:asc": "Owner, A to Z",
    "name:asc": "Name, A to Z",
    "lastUsedAt:desc": "Recently used first",
  },
  asSorted: "As sorted",
  count: (total: number) => (total === 1 ? "1 token" : `${total} tokens`),
  countMatch: (total: number) => (total === 1 ? " matches" : " match"),
  noMatch: "No token matches these filters.",
  none: "No user has an API token yet.",
  revoke: "Revoke",
  revokeLabel: (name: string, ownerEmail: string) => `Revoke ${name} of ${ownerEmail}`,
  revokeTitle: (name: string, ownerEmail: string) => `Revoke “${name}” of ${ownerEmail}?`,
  revokeDescription:
    "The token stops working at once, for every script that uses it. Its owner cannot undo this; the audit log records that you revoked it.",
  revokeConfirm: "Revoke token",
  revoked: (name: string, ownerEmail: string) => `Token “${name}” of ${ownerEmail} was revoked.`,
} as const;

export const AUDIT_WORDS = {
  title: "Audit Log",
  description:
    "Who made, used and removed which token, and when: newest first. The log is append-only; nothing in the console can change it.",
  exportCsv: "Export CSV",
  filters: "Filter events",
  action: "Action",
  allActions: "All actions",
  user: "User",
  userPlaceholder: "Email, or its start",
  team: "Team",
  teamPlaceholder: "Team name",
  from: "From (UTC)",
  to: "To (UTC)",
  apply: "Apply filters",
  clear: "Clear",
} as const;

export const OVERVIEW_WORDS = {
  title: "Overview",
  description: "Every token’s requests together, what was refused and why, the busiest tokens, and the tokens nobody uses any more.",
  requests: "Requests",
  refusals: "Refusals",
  mostActive: "Most active tokens",
  mostActiveCaption: (window: string) => `The tokens with the most requests in ${window}`,
  mostActiveNone: (window: string) => `No token was used in ${window}.`,
  requestsColumn: "Requests",
  unused: "Unused tokens",
  unusedFor: "Unused for",
  unusedDays: (days: number) => `${days} days`,
  unusedNote: (days: number) => `Never used and created more than ${days} days ago, or last used more than ${days} days ago.`,
  unusedCount: (shown: number, total: number, capped = false) =>
    capped
      ? `More than ${formatCount(total)} tokens (the first ${shown} shown)`
      : total === 1
        ? "1 token"
        : shown < total
          ? `${formatCount(total)} tokens (the first ${shown} shown)`
          : `${total} tokens`,
  unusedNone: (days: number) => `No token has gone unused for ${days} days.`,
  selectAll: "Select all shown",
  select: (name: string, ownerEmail: string) => `Select ${name} of ${ownerEmail}`,
  lastUsed: "Last used",
  never: "Never",
  created: "Created",
  revoke: (count: number) => (count === 0 ? "Revoke tokens" : count === 1 ? "Revoke 1 token" : `Revoke ${count} tokens`),
  revokeTitle: (count: number) => (count === 1 ? "Revoke 1 unused token?" : `Revoke ${count} unused tokens?`),
  revokeDescription:
    "Each token stops working at once. Their owners are told, and the audit log records that you revoked each one. A token used since this list was read is kept.",
  revokeConfirm: "Revoke tokens",
  revoked: (count: number) => (count === 1 ? "1 token was revoked." : `${count} tokens were revoked.`),
  noneChosen: "Choose the tokens to revoke.",
} as const;
