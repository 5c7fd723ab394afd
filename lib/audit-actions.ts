// The audit log's vocabulary, shared by the DAL, the filters and the screens.

export const AUDIT_ACTION_VALUES = [
  "user.signed_up",
  "user.login_succeeded",
  "user.login_failed",
  "user.role_granted",
  "user.role_revoked",
  "token.created",
  "token.deleted",
  "token.revoked_by_admin",
  "api.denied",
] as const;
export type AuditAction = (typeof AUDIT_ACTION_VALUES)[number];

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  "user.signed_up": "Signed up",
  "user.login_succeeded": "Logged in",
  "user.login_failed": "Login failed",
  "user.role_granted": "Admin role granted",
  "user.role_revoked": "Admin role removed",
  "token.created": "Token created",
  "token.deleted": "Token deleted by owner",
  "token.revoked_by_admin": "Token revoked by admin",
  "api.denied": "API request denied (scope)",
};
