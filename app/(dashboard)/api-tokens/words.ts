import type { CloseQuestion } from "@/components/ui/close-guard";
import { formatCount } from "@/lib/model";

// The words of the API-tokens screen (listing, Create API Key drawer, one-time reveal, Edit,
// Roll and Delete), said once: the screen's components show them and the end-to-end tests
// find the screen by them. A plain module (no React, no server code) so that Playwright can
// import it. The guide's words where it has some: "Create API Key", "API Name", "Add New API".
// The scope labels and roll overlaps are the vocabulary's, in lib/model.ts.

export const LISTING_WORDS = {
  title: "API Token",
  description:
    "Tokens let your scripts and CI call the platform API on your behalf. Each token is shown once, when you create it; a token you delete stops working at once.",
  label: "API tokens",
  teamDescription: (team: string) =>
    `The tokens of ${team}: they belong to the team, not to whoever created them, and keep working when their creator leaves.`,
  teamNoCreate: (team: string) => `In ${team}, only admins and owners create tokens.`,
  createdBy: "Created by",
  search: "Search tokens by name",
  searchPlaceholder: "Search by name",
  sort: "Sort tokens",
  sortOptions: {
    "createdAt:desc": "Newest first",
    "createdAt:asc": "Oldest first",
    "name:asc": "Name, A to Z",
    "name:desc": "Name, Z to A",
  },
  count: (total: number) => (total === 1 ? "1 token" : `${total} tokens`),
  countExpiring: " expiring within 7 days",
  countMatching: (q: string) => ` matching “${q}”`,
  noMatch: (q: string) => `No token matches “${q}”.`,
  clearSearch: "Clear the search",
  noneExpiring: "No token expires within 7 days.",
  showAll: "Show all tokens",
  showingExpiring: "Showing the tokens that expire within 7 days. Roll them, or create new ones, before they stop working.",
  expiring: (count: number) => (count === 1 ? "1 of your tokens expires within 7 days." : `${count} of your tokens expire within 7 days.`),
  showExpiring: (count: number) => (count === 1 ? "Show it" : "Show them"),
  dismissExpiring: "Dismiss the expiry notice",
  emptyTitle: "No API tokens yet",
  emptyBody:
    "Create your first API key to let a script or a CI pipeline call the platform API. You choose whether it can only read, also write, or do exactly what you pick, resource by resource.",
  createFirst: "Create your first API key",
  updated: (name: string) => `Token “${name}” was updated.`,
} as const;

/** A row's actions, named for their token: the buttons read "Edit", their names "Edit <name>". */
export const ROW_WORDS = {
  edit: "Edit",
  roll: "Roll",
  delete: "Delete",
  editLabel: (name: string) => `Edit ${name}`,
  rollLabel: (name: string) => `Roll ${name}`,
  deleteLabel: (name: string) => `Delete ${name}`,
  view: "View",
  viewLabel: (name: string) => `View ${name}`,
} as const;

export const CREATE_WORDS = {
  open: "Create API Key",
  title: "Create API Key",
  description: "Name the token and choose what it may do.",
  revealedDescription: "Your new token is ready.",
  teamReadOnly: (team: string) => `Not for members of ${team}: ask one of its admins or owners for a token that writes.`,
  submit: "Add New API",
  scope: "Access Scope",
  noAnswer: "The token could not be created: the server did not answer. Check your connection and try again.",
} as const;

/** Custom's permission picker: a row per resource, None, Read or Write (write includes read). */
export const PICKER_WORDS = {
  legend: "Permissions",
  hint: "For each resource, choose what the token may do. Write includes read.",
  filter: "Filter resources",
  noMatch: (text: string) => `No resource matches “${text}”.`,
  levels: { none: "None", read: "Read", write: "Write", introspect: "Introspect" },
} as const;

/** Template links (/api-tokens/new?…): what the drawer says of one, and its Copy link to this form. */
export const TEMPLATE_WORDS = {
  title: "Create API Key",
  problems: "This link could not be used in full. Check the form before you add the token:",
  tooLong: (days: number, maxDays: number) =>
    `The link asks for a token that lasts ${days} days, more than the ${maxDays} days allowed here: the default expiration is chosen instead.`,
  neverNotAllowed: (maxDays: number) =>
    `The link asks for a token that never expires, but tokens may last at most ${maxDays} days here: the default expiration is chosen instead.`,
  copyLink: "Copy link to this form",
  linkCopied: "Link copied",
  linkCopiedMessage: "Link copied: whoever opens it gets this form filled in, and nothing is created until they add the token.",
  noClipboard: "The clipboard could not be reached.",
} as const;

/** Asked when a half-filled Create API Key form would be closed. */
export const UNSAVED_FORM: CloseQuestion = {
  title: "Discard this token?",
  description: "What you entered is lost, and no token is created.",
  keepLabel: "Keep editing",
  closeLabel: "Discard",
};

/** Asked when a new secret, shown once, would be closed before it was copied. */
export const UNCOPIED_SECRET: CloseQuestion = {
  title: "Close without copying?",
  description: "You won’t see this token again.",
  keepLabel: "Keep it open",
  closeLabel: "Close without copying",
};

/** What the Create and Edit forms share (their fields, Cancel), and Create's expiration. */
export const FIELD_WORDS = {
  cancel: "Cancel",
  name: "API Name",
  namePlaceholder: "e.g. ci-deploy",
  nameHint: (max: number) => `A unique name that says what the token is for. Up to ${max} characters.`,
  description: "Description",
  descriptionPlaceholder: "e.g. Deploys from the main branch",
  descriptionHint: (max: number) => `What the token is for, for whoever looks at it later. Up to ${max} characters.`,
  allowedIps: "Allowed IPs",
  allowedIpsRequiredHint: (max: number) =>
    `Required for a token that can write (this console’s policy); optional for a read-only one. Addresses or CIDR ranges, IPv4 or IPv6, one per line (at most ${max}). Requests from anywhere else are refused.`,
  allowedIpsHint: (max: number) =>
    `Addresses or CIDR ranges, IPv4 or IPv6, one per line (at most ${max}). Requests from anywhere else are refused. Leave empty to allow any address.`,
  expiration: "Expiration",
  expiresOn: "Expires on (UTC)",
  customHint: "Choose the day the token expires: it works until the end of that day, UTC.",
  noExpiryHint: "The token will not expire. Delete it when it is no longer needed.",
} as const;

/** A token's own limits, in the Create and Edit forms. */
export const LIMITS_WORDS = {
  legend: "Limits",
  rateLimit: "Rate limit",
  rateLimitHint: (max: number) =>
    `Requests per minute, at most ${formatCount(max)} (this installation’s limit). Leave empty for ${formatCount(max)}.`,
  quota: "Quota",
  quotaPlaceholder: "No quota",
  quotaHint: (max: number) =>
    `Requests this token may make in all, up to ${formatCount(max)}. Once spent, it is refused until you refill it in Edit. Leave empty for no quota.`,
  quotaLeftHint: (remaining: number, quota: number) =>
    `${formatCount(remaining)} of ${formatCount(quota)} left. A new quota starts full; leave empty for no quota.`,
  refill: "Refill the quota now (start again from the full quota)",
} as const;

export const EDIT_WORDS = {
  submit: "Save changes",
  scope: "Access Scope",
  scopeStays:
    "The scope does not change here. A Custom token’s permissions can be narrowed from its details panel; for other access, create a new token.",
} as const;

/** The one view of a new secret, after Add New API and after a roll. */
export const REVEAL_WORDS = {
  token: "Token",
  pendingApproval:
    "Pending approval: an admin must approve this token before it works. Copy its secret now: it is not shown again, and it works from the moment it is approved.",
  secret: "Your API token",
  copy: "Copy",
  copied: "Copied",
  copiedMessage: "Copied to the clipboard.",
  copyFallback: "Press Ctrl+C (⌘C on a Mac) to copy the selected token.",
  noClipboard: "The clipboard could not be reached.",
  warning: "Copy this token now. It will not be shown again.",
  storeIt:
    "Store it somewhere safe, such as a password manager or your CI’s secret store. If you lose it, delete the token and create a new one.",
  policyExpiry: "This console’s policy limits how long a token lasts, so the roll gave it an expiry: the new secret works until",
  tryIt: "Try it",
  tryItOnceApproved: "Once approved, this call answers 200; until then it answers 401 with token_pending_approval.",
  tryItIntro: "This call answers with your account, using the new token:",
  command: "A curl command that calls /v2/account/info with the new token",
  /** For a Custom token without account:read, holding api_keys:read. */
  tryItKeysIntro: "This call lists your API tokens, using the new token:",
  commandKeys: "A curl command that calls /v2/api with the new token",
  /** For a Custom token holding neither: no call of this console would answer it. */
  nothingToTry: "This token holds only the platform’s permissions, so there is nothing on this console to try it on.",
  copyCommand: "Copy command",
  commandCopied: "Command copied, with the whole token.",
  docs: "API Docs",
  done: "Done",
} as const;

export const ROLL_WORDS = {
  title: (name: string) => `Roll “${name}”?`,
  description: "The token gets a new secret, shown once. Its name, scope and expiry stay. When should the current secret stop working?",
  confirm: "Roll token",
  when: "When the current secret stops working",
  /** The advice reads: before, the "Immediately" choice in bold, after. */
  leakAdviceBefore: "Rolling because the secret leaked? Choose",
  leakAdviceAfter: ": until the current secret stops working, whoever found it can still call the API with it.",
  panelTitle: "Roll token",
  panelDescription: "Your token’s new secret is ready.",
  rolled: (name: string) => `Token “${name}” was rolled. Put its new secret where the old one was used.`,
} as const;

export const DELETE_WORDS = {
  title: (name: string) => `Delete “${name}”?`,
  description: "Any script or service that uses this token stops working at once. This cannot be undone.",
  confirm: "Delete token",
  deleted: (name: string) => `Token “${name}” was deleted. It can no longer be used.`,
} as const;

/** The details panel's Remove unused permissions, and its confirmation (the owner's only). */
export const NARROW_WORDS = {
  open: "Remove unused permissions",
  title: (name: string) => `Remove unused permissions from “${name}”?`,
  description:
    "The token keeps only what it used in the last 30 days; its secret stays the same. Permissions never widen: to have these again, create a new token.",
  removing: "These permissions go",
  /** Followed by summarise()'s "1 permission: Account read", with no colon of its own. */
  keeping: "It keeps",
  confirm: "Remove permissions",
  /** `summary` is summarise()'s "2 permissions: …", which has the one colon. */
  removed: (name: string, summary: string) => `“${name}” no longer holds ${summary}. It keeps only what it used.`,
  deleteInstead: "Nothing to narrow it to: delete it if nothing needs it.",
} as const;

/** The notice of a token used from an address new to it (the email says the same, lib/dal/notifications.ts). */
export const ADDRESS_NOTICE_WORDS = {
  label: "Tokens used from new addresses",
  usedFrom: "was used from a new address,",
  client: "by",
  /** What describeUserAgent says of a request without a User-Agent. */
  clientName: (client: string) => (client === "Unknown" ? "an unknown client" : client),
  on: "on",
  advice:
    "It had not been used from there in the last 30 days. If this was not you or one of your scripts, someone else may have the token: allow it only from your own addresses, or delete it.",
  edit: "Edit allowed IPs",
  editLabel: (name: string) => `Edit the allowed IPs of ${name}`,
  delete: "Delete",
  deleteLabel: (name: string) => `Delete ${name}`,
  notFound: "That notice was not found.",
} as const;

/** The owner's notices of what someone else did to a listed token (approved, denied, disabled). */
export const OWNER_NOTICE_WORDS = {
  label: "Token updates",
  what: ({ kind, reason }: { kind: string; reason: string }) =>
    kind === "approved"
      ? "was approved by an administrator"
      : kind === "denied"
        ? "was denied by an administrator"
        : reason === "inactivity"
          ? "was disabled because nobody used it for too long"
          : reason === "admin"
            ? "was disabled by an administrator"
            : "was disabled because it breaks this console’s policy",
  next: ({ kind, reason }: { kind: string; reason: string }) =>
    kind === "approved"
      ? "It works now, with the secret you copied when you created it."
      : kind === "denied"
        ? `Their reason: ${reason || "none given"}. It will never work: create a token that asks for less, or talk to your administrator.`
        : reason === "inactivity"
          ? "Requests with it are refused. If it is still needed, enable it again from its row."
          : reason === "admin"
            ? "Requests with it are refused until an administrator enables it again."
            : `What the policy found: ${reason}. Requests with it are refused until an administrator enables it again; replace it with a token that meets the policy.`,
} as const;
