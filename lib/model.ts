// The words and shapes that the server and the browser share: scopes, audit actions, the rows
// the tables show, and what an action answers. Client-safe: no server import, no secret.

// --- Access scope -------------------------------------------------------------------------
// Inside the app (database, DAL, forms) a scope is READ_ONLY or WRITE; people read the labels;
// the platform API spells it its own way, converted in lib/api/wire.ts and nowhere else.

export const SCOPES = ["READ_ONLY", "WRITE"] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_LABELS: Record<Scope, string> = {
  READ_ONLY: "Read-Only",
  WRITE: "Write",
};

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  READ_ONLY: "Read access to the resources.",
  WRITE: "Create and modify resources, in addition to reading them.",
};

/** Whether a token with `granted` may act where `required` is needed: Write includes read. */
export function scopeAllows(granted: Scope, required: Scope): boolean {
  return granted === "WRITE" || required === "READ_ONLY";
}

export const isScope = (value: unknown): value is Scope => value === "READ_ONLY" || value === "WRITE";

// --- Audit actions -------------------------------------------------------------------------

export const AUDIT_ACTIONS = {
  "user.signed_up": "Signed up",
  "user.created": "Account created by an operator",
  "user.login_succeeded": "Logged in",
  "user.login_failed": "Login failed",
  "user.logged_out": "Logged out",
  "user.logged_out_everywhere": "Logged out everywhere",
  "user.password_changed": "Password changed",
  "user.role_granted": "Admin role granted",
  "user.role_revoked": "Admin role removed",
  "token.created": "Token created",
  "token.deleted": "Token deleted by owner",
  "token.revoked_by_admin": "Token revoked by admin",
  "api.denied": "API request denied (scope)",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export const AUDIT_ACTION_VALUES = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

// --- Rows the tables show ------------------------------------------------------------------

/** A token as its owner sees it. Never a hash, never the secret. */
export type TokenRow = {
  id: string;
  name: string;
  scope: Scope;
  displayPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
};

/** A token as the admin listing shows it: the owner's view plus who the owner is. */
export type AdminTokenRow = TokenRow & { ownerEmail: string; ownerName: string };

/** An audit event as the log page and the CSV show it. */
export type AuditEventRow = {
  id: string;
  createdAt: string;
  action: AuditAction;
  actorUserId: string | null;
  actorEmail: string | null;
  actorTokenId: string | null;
  targetTokenId: string | null;
  targetTokenName: string | null;
  targetTokenScope: string | null;
  targetTokenPrefix: string | null;
  targetOwnerEmail: string | null;
  detail: string | null;
  ip: string | null;
  userAgent: string | null;
};

/** One page of a listing, as the tables render it. */
export type Page<T> = { rows: T[]; total: number; page: number; pageSize: number; pageCount: number };

/**
 * A page of the audit log, which pages by position: where the newer and the older pages start
 * (null at either end), and how many events match, counted up to a bound.
 */
export type AuditPage = { rows: AuditEventRow[]; total: number; totalCapped: boolean; newer: string | null; older: string | null };

// --- What every server action answers -------------------------------------------------------

export type ActionResult<T = undefined> =
  { ok: true; data: T } | { ok: false; message: string; fieldErrors?: Record<string, string[] | undefined> };

/**
 * What a form's action answers (React's useActionState): null before the first submit, then
 * the result, with the fields it is safe to put back in the form (never a password) so that a
 * form posted before the page's JavaScript loaded shows what was typed.
 */
export type FormState<T = undefined> = (ActionResult<T> & { values?: Record<string, string> }) | null;

/** Password length, shown by the forms and checked by their schemas (lib/validation/auth.ts). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

export const MESSAGES = {
  sessionEnded: "Your session has ended. Log in again to continue.",
  adminOnly: "This needs an admin.",
  tokenNotFound: "That token was not found. It may have been deleted already.",
  checkFields: "Check the highlighted fields.",
  noAnswer: "The server did not answer. Check your connection and try again.",
  unreadableForm: "The form could not be read. Reload the page and try again.",
  busy: "The service is busy for a moment. Nothing was changed: try again.",
  passwordChangeRequired: "Choose a new password first, on the Account page.",
  signupClosed: "Sign-up is closed on this console. Ask an administrator to add you.",
} as const;
