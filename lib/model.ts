// The words and shapes that the server and the browser share: expiry, dates, audit actions,
// the rows the tables show, and what an action answers (scopes and roles: lib/scopes.ts).
// Client-safe: no server import, no secret.

import type { TokenRow } from "@/lib/token-columns";

// --- Expiry and roll -------------------------------------------------------------------------

export const DAY_MS = 86_400_000;
/** A token expiring within this is "expiring": the listing's amber status, its notice, the admin's filter. */
export const EXPIRING_SOON_MS = 7 * DAY_MS;

/** The Expiration choices of the Create API Key drawer, in days ("custom": a date; "never"). */
export const EXPIRATION_CHOICES = [
  { value: "7", label: "7 days", days: 7 },
  { value: "30", label: "30 days", days: 30 },
  { value: "90", label: "90 days", days: 90 },
  { value: "365", label: "1 year", days: 365 },
  { value: "custom", label: "Custom date…", days: null },
  { value: "never", label: "No expiration", days: null },
] as const;
export type ExpirationChoice = (typeof EXPIRATION_CHOICES)[number]["value"];

/**
 * The installation's rule for token lifetimes: the policy's (/admin/policies), whose defaults are
 * TOKEN_DEFAULT_LIFETIME_DAYS and TOKEN_MAX_LIFETIME_DAYS. `required`: every token must expire.
 */
/** What the create form is told of the policy: its expiry rules, and whether a token that can write must list allowed IPs. */
export type ExpiryPolicy = { defaultDays: number; maxDays: number | null; required?: boolean; allowedIpsForWrite?: boolean };

/** The choices a policy offers: none past the maximum, and "No expiration" only without one (and when not required). */
export function expirationChoices(policy: ExpiryPolicy) {
  return EXPIRATION_CHOICES.filter((choice) =>
    choice.value === "never"
      ? policy.maxDays === null && !policy.required
      : choice.days === null || policy.maxDays === null || choice.days <= policy.maxDays,
  );
}

/** The choice the drawer starts on: the policy's default lifetime when it is one of the choices, else the longest allowed. */
export function defaultExpirationChoice(policy: ExpiryPolicy): ExpirationChoice {
  const offered = expirationChoices(policy);
  const exact = offered.find((choice) => choice.days === policy.defaultDays);
  return exact?.value ?? offered.filter((choice) => choice.days !== null).at(-1)?.value ?? "custom";
}

/**
 * When a token made at `now` with this choice expires: `days` after now; a custom date's end
 * (the next day's 00:00 UTC, so the whole chosen day counts); or null for "never".
 */
export function expiryOf(choice: ExpirationChoice, customDate: string | undefined, now: number): Date | null {
  const option = EXPIRATION_CHOICES.find((entry) => entry.value === choice);
  if (option?.days) return new Date(now + option.days * DAY_MS);
  if (choice === "custom" && customDate) return new Date(Date.parse(`${customDate}T00:00:00.000Z`) + DAY_MS);
  return null;
}

/** A count as the console writes it, whatever the browser's language: "10,000". */
export const formatCount = (n: number) => n.toLocaleString("en-US");

// --- Dates -------------------------------------------------------------------------------------
// One way of writing a date everywhere (day month year, 24-hour clock: "30 Jun 2027, 14:05"),
// whatever the browser's language. Moments (created, last used) read in the reader's time zone;
// an expiry is a day, in UTC, the zone the drawer's date field picks it in. The words are ours,
// not the runtime's: Node and the browser carry different locale data ("Sept" or "Sep"), and a
// date rendered on the server must read the same once the browser renders it.

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const zoned = new Map<string, Intl.DateTimeFormat>();
/** The calendar day and clock of a moment in a time zone (the runtime's when omitted). */
function partsOf(at: Date, timeZone: string | undefined) {
  const key = timeZone ?? "";
  let format = zoned.get(key);
  if (!format) {
    const options = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", hourCycle: "h23" } as const;
    zoned.set(key, (format = new Intl.DateTimeFormat("en-GB", { ...options, timeZone })));
  }
  const parts = format.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part("year"), month: part("month"), day: part("day"), hour: part("hour") % 24, minute: part("minute") };
}

/** "1 Dec 2026" (`long`: "1 December 2026"). */
export function formatDay(at: Date, { timeZone, long = false }: { timeZone?: string; long?: boolean } = {}): string {
  const { year, month, day } = partsOf(at, timeZone);
  const name = MONTHS[month - 1]!;
  return `${day} ${long ? name : name.slice(0, 3)} ${year}`;
}

export function formatClock(at: Date, { timeZone }: { timeZone?: string } = {}): string {
  const { hour, minute } = partsOf(at, timeZone);
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/**
 * The last day, UTC, on which a token that stops working at `expiresAt` still works. A custom
 * date is stored as the next day's 00:00 UTC (so that the whole chosen day counts): that day is
 * the one picked. Any other moment is on its own day.
 */
export function lastWorkingDay(expiresAt: Date): Date {
  return new Date(expiresAt.getTime() - 1);
}

/** Whether an expiry is the end of a whole UTC day (a custom date), not a moment within one. */
const endsADay = (expiresAt: Date) => expiresAt.getTime() % DAY_MS === 0;

/** An expiry as the tables show it: its last working day, UTC ("30 Jun 2027"). */
export function formatExpiryDay(expiresAt: Date): string {
  return formatDay(lastWorkingDay(expiresAt), { timeZone: "UTC" });
}

/**
 * An expiry in words, as the drawer and the hover say it: "Works through 30 June 2027 (UTC)"
 * for a whole day, "Works until 8 December 2026, 14:05 (UTC)" for a moment within one.
 */
export function describeExpiry(expiresAt: Date): string {
  if (endsADay(expiresAt)) return `Works through ${formatDay(lastWorkingDay(expiresAt), { timeZone: "UTC", long: true })} (UTC)`;
  return `Works until ${formatDay(expiresAt, { timeZone: "UTC", long: true })}, ${formatClock(expiresAt, { timeZone: "UTC" })} (UTC)`;
}

export type ExpiryStatus = "active" | "expiring" | "expired";
export function expiryStatus(expiresAt: string | null, now: number): ExpiryStatus {
  if (!expiresAt) return "active";
  const at = Date.parse(expiresAt);
  return at <= now ? "expired" : at - now <= EXPIRING_SOON_MS ? "expiring" : "active";
}

/** When a rolled token's previous secret stops working: the Roll dialog's choices, in seconds. */
export const ROLL_OVERLAPS = [
  { value: "0", label: "Immediately", seconds: 0 },
  { value: "3600", label: "In 1 hour", seconds: 3_600 },
  { value: "86400", label: "In 24 hours", seconds: 86_400 },
  { value: "604800", label: "In 7 days", seconds: 604_800 },
] as const;
export const MAX_ROLL_OVERLAP_SECONDS = 604_800;

// --- Audit actions -------------------------------------------------------------------------

export const AUDIT_ACTIONS = {
  "user.signed_up": "Signed up",
  "user.created": "Account created by an operator",
  "user.login_succeeded": "Logged in",
  "user.login_failed": "Login failed",
  "user.logged_out": "Logged out",
  "user.logged_out_everywhere": "Logged out everywhere",
  "user.password_changed": "Password changed",
  "user.password_change_failed": "Password change failed",
  "user.password_reset_requested": "Password reset link requested",
  "user.password_reset": "Password reset",
  "user.password_reset_failed": "Password reset link refused",
  "user.role_granted": "Admin role granted",
  "user.role_revoked": "Admin role removed",
  "user.disabled": "Account disabled (offboarding)",
  "user.enabled": "Account re-enabled",
  "user.sso_provisioned": "Account created by single sign-on",
  "user.sso_linked": "Single sign-on linked to the account",
  "user.sso_refused": "Single sign-on refused",
  "team.created": "Team created",
  "team.rule_changed": "Team token rule changed",
  "team.member_invited": "Invitation sent",
  "team.invitation_revoked": "Invitation withdrawn",
  "team.member_joined": "Joined the team",
  "team.member_role_changed": "Team role changed",
  "team.member_removed": "Removed from the team",
  "team.member_left": "Left the team",
  "token.created": "Token created",
  "token.deleted": "Token deleted by owner",
  "token.revoked_by_admin": "Token revoked by admin",
  "token.rolled": "Token rolled",
  "token.updated": "Token edited",
  "token.permissions_narrowed": "Token permissions narrowed",
  "token.expired_used": "Expired token used",
  "token.leak_reported": "Token reported as leaked",
  "token.revoked_leaked": "Leaked token revoked",
  "token.revoked_offboarding": "Token revoked at offboarding",
  "token.handed_over": "Team token handed over",
  "credentials.revoke_requested": "Public revocation request",
  "notification.sent": "Notification sent",
  "api.denied": "API request denied",
  // Sudo mode (issue 28)
  "user.reauthenticated": "Identity confirmed (sudo mode)",
  "user.reauthentication_failed": "Identity confirmation failed",
  // Webhooks (issue 29)
  "webhook.created": "Webhook endpoint added",
  "webhook.deleted": "Webhook endpoint deleted",
  "webhook.secret_rotated": "Webhook secret rotated",
  "webhook.disabled": "Webhook endpoint disabled",
  "webhook.enabled": "Webhook endpoint enabled",
  // Token states (issue 28: disable and approval).
  "token.disabled": "Token disabled",
  "token.enabled": "Token enabled",
  "token.approval_requested": "Token approval requested",
  "token.approved": "Token approved",
  "token.denied": "Token denied",
  // Policies (issue 28)
  "policy.updated": "Policy changed",
  "token.policy_notified": "Owner told of policy",
  // Two-factor authentication (issue 28)
  "user.two_factor_enabled": "Second factor added",
  "user.two_factor_disabled": "Second factor removed",
  "user.two_factor_failed": "Second factor refused",
  "user.two_factor_reset": "Second factors reset by admin",
  "user.recovery_codes_regenerated": "Recovery codes regenerated",
  "user.passkey_added": "Passkey added",
  "user.passkey_removed": "Passkey removed",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_VALUES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

// --- Rows the tables show ------------------------------------------------------------------

/** A row of the API Token page's listing: in a team's context, with who created it. */
export type ListedToken = TokenRow & { createdBy?: { name: string; email: string } };

/** Everything known about a token but its secret: the details panel. */
export type TokenDetails = TokenRow & {
  /** Who created it: for a personal token, its owner. */
  owner: { email: string; name: string };
  /** The team that owns it; null: a personal token. */
  team: { id: string; name: string } | null;
  /** How it was made, from its token.created event (null for a token older than the audit trail). */
  created: { ip: string | null; client: string | null; viaToken: { id: string; name: string | null } | null } | null;
  /** The last distinct addresses it was used from, most recent first. */
  addresses: Array<{ ip: string; lastSeenAt: string; client: string }>;
  /** Every permission it holds (a preset's over the catalogue of the moment), with when it was last exercised. */
  permissionUses: Array<{ permission: string; lastUsedAt: string | null }>;
  /** Its own audit events, newest first. */
  events: Array<{
    id: string;
    createdAt: string;
    action: AuditAction;
    actorEmail: string | null;
    detail: string | null;
    ip: string | null;
    client: string | null;
  }>;
};

/** A token of the user's found in public, as the API Token page's notice tells it. */
export type LeakNoticeRow = {
  id: string;
  tokenName: string;
  tokenPrefix: string;
  reporter: "github" | "public";
  /** Where it was found, when the reporter said (GitHub's url). */
  url: string | null;
  revoked: boolean;
  createdAt: string;
};

/** A token of the user's that an admin revoked, as the API Token page's notice tells it. */
/** What someone else did to one of the owner's tokens, as the API Token page's notice tells it. */
export const OWNER_NOTICE_KINDS = ["revoked", "approved", "denied", "disabled"] as const;
export type OwnerNoticeKind = (typeof OWNER_NOTICE_KINDS)[number];
/** A kind as stored: anything the app did not write reads as the oldest, revoked. */
export const ownerNoticeKindOf = (value: string): OwnerNoticeKind =>
  (OWNER_NOTICE_KINDS as readonly string[]).includes(value) ? (value as OwnerNoticeKind) : "revoked";
export type RevocationNoticeRow = {
  id: string;
  tokenName: string;
  tokenPrefix: string;
  kind: OwnerNoticeKind;
  /** A denial's words, or what disabled it (admin, policy: the rules, inactivity). */
  reason: string;
  createdAt: string;
};

/** A use of one of the user's tokens from a new address, as the API Token page's notice tells it. */
export type AddressNoticeRow = {
  id: string;
  tokenId: string;
  tokenName: string;
  tokenPrefix: string;
  ip: string;
  /** The described User-Agent ("Go SDK", "curl 8.5.0"). */
  client: string;
  seenAt: string;
};

/**
 * The API Token page opened on one token's Edit or Delete (a new-address notice's links, on the
 * page and in its email): the page opens the panel, then drops the parameter from the address.
 */
export const TOKEN_INTENTS = ["edit", "delete"] as const;
export type TokenIntent = (typeof TOKEN_INTENTS)[number];
/** What the API Token page's address asks for, as the server reads it and passes it down. */
export type TokenIntentRequest = { intent: TokenIntent; id: string } | null;

/** The first of TOKEN_INTENTS the address names. */
export function tokenIntentOf(searchParams: Record<string, string | string[] | undefined>): TokenIntentRequest {
  for (const intent of TOKEN_INTENTS) {
    const id = searchParams[intent];
    if (typeof id === "string") return { intent, id: id.slice(0, 200) };
  }
  return null;
}
export const tokenIntentPath = (intent: TokenIntent, tokenId: string) => `/api-tokens?${intent}=${encodeURIComponent(tokenId)}`;

/** `owner*`: who created it (for a personal token, its owner); `teamName`: the team that owns it, or null. */
export type AdminTokenRow = TokenRow & { ownerEmail: string; ownerName: string; teamName: string | null };

/** An audit event as the log page and the CSV show it. */
export type AuditEventRow = {
  id: string;
  createdAt: string;
  action: AuditAction;
  actorUserId: string | null;
  actorEmail: string | null;
  actorTokenId: string | null;
  /**
   * The API token that acted, by name (its name now, or, once it is deleted, its name in its
   * last event); null for an event no token made, or one whose token left no trace.
   */
  actorToken: { name: string; displayPrefix: string | null; deleted: boolean } | null;
  targetTokenId: string | null;
  targetTokenName: string | null;
  targetTokenScope: string | null;
  /** A Custom token's permissions as stored ("account:read,dns:read"); null for a preset. */
  targetTokenPermissions: string | null;
  targetTokenPrefix: string | null;
  targetOwnerEmail: string | null;
  /** The team the event is about, by its name then. */
  teamName: string | null;
  detail: string | null;
  ip: string | null;
  userAgent: string | null;
};

export type Page<T> = { rows: T[]; total: number; page: number; pageSize: number; pageCount: number };

/**
 * A page of the audit log, which pages by position: where the newer and the older pages start
 * (null at either end), and how many events match, counted up to a bound.
 */
export type AuditPage = { rows: AuditEventRow[]; total: number; totalCapped: boolean; newer: string | null; older: string | null };

// --- What every server action answers -------------------------------------------------------

export type ActionResult<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false;
      message: string;
      fieldErrors?: Record<string, string[] | undefined>;
      /** Sudo mode: the change needs a fresh authentication; the page asks for it, then sends the same input again. */
      sudo?: true;
    };

/**
 * What a form's action answers (React's useActionState): null before the first submit, then
 * the result, with the fields it is safe to put back in the form (never a password) so that a
 * form posted before the page's JavaScript loaded shows what was typed.
 */
export type FormState<T = undefined> = (ActionResult<T> & { values?: Record<string, string> }) | null;

/** Password length, shown by the forms and checked by their schemas (lib/validation/auth.ts). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** How long a "Forgot password?" link works (lib/dal/password-resets.ts), as the screens say it. */
export const RESET_LINK_MINUTES = 30;

/** `/login?ended=…`: why a session was ended for its user, so that the login page can say it. */
export const SESSION_ENDED_PASSWORD_FAILURES = "password-failures";

/** The ideas the console's MESSAGES and the platform API's (lib/api/responses.ts) share, worded once. */
export const WORDING = {
  busy: "The service is busy for a moment.",
  cannotRoll: (thing: string, newThing: string) => `This ${thing} has expired and cannot be rolled. Create a new ${newThing} instead.`,
} as const;

export const MESSAGES = {
  accountDisabled: "This account has been disabled. Ask an admin of this console if you need it again.",
  sessionEnded: "Your session has ended. Log in again to continue.",
  tooManyPasswordFailures: "Too many wrong passwords: this session has ended. Enter your email and password again to continue.",
  adminOnly: "This needs an admin.",
  tokenNotFound: "That token was not found. It may have been deleted already.",
  teamNotFound: "That team was not found, or you are no longer in it.",
  tokenExpiredNoRoll: WORDING.cannotRoll("token", "token"),
  tokenUnused: `This token used none of its permissions in the last 30 days: delete it if nothing needs it.`,
  narrowChanged: "The token’s use has changed since this list was shown. Look at its permissions again, then confirm.",
  checkFields: "Check the highlighted fields.",
  noAnswer: "The server did not answer. Check your connection and try again.",
  unreadableForm: "The form could not be read. Reload the page and try again.",
  busy: `${WORDING.busy} Nothing was changed: try again.`,
  passwordChangeRequired: "Choose a new password first, on the Account page.",
  twoFactorRequired: "Set up two-factor authentication first, on the Account page: this console requires it.",
  signupClosed: "Sign-up is closed on this console. Ask an administrator to add you.",
  adminAccountTaken: "Someone created this console’s admin account a moment ago. Reload the page to sign up as a member.",
  sudoRequired: "Confirm it is you to make this change: nothing was changed yet.",
} as const;
