import type { AuditAction } from "@/lib/model";

// The events a webhook endpoint may ask for (issue 29), and which audit action each comes from.
// Client-safe: the form lists them. A user's or a team's endpoint hears of its own tokens only;
// an installation's (admins') of everything, `user.*` and every other audit action included.

export const TOKEN_EVENTS = [
  "token.created",
  "token.deleted",
  "token.revoked",
  "token.rolled",
  "token.expiring",
  "token.expired",
  "token.leaked",
  "token.used_from_new_address",
  "api.denied",
] as const;
export type TokenEvent = (typeof TOKEN_EVENTS)[number];

/** What an installation's endpoint may ask for beyond the token events: every account event, every team event. */
export const INSTALLATION_ONLY_EVENTS = ["user.*", "team.*"] as const;
/** Sent by Send test event, to the one endpoint only. */
export const TEST_EVENT = "webhook.test";

export const WEBHOOK_KINDS = ["user", "team", "installation"] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];
export const WEBHOOK_FORMATS = ["standard", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** What each kind may ask for ("*": all of these). */
export const eventsFor = (kind: WebhookKind): readonly string[] =>
  kind === "installation" ? [...TOKEN_EVENTS, ...INSTALLATION_ONLY_EVENTS] : TOKEN_EVENTS;

export const EVENT_LABELS: Record<string, string> = {
  "token.created": "A token was created",
  "token.deleted": "A token was deleted by its owner",
  "token.revoked": "A token was revoked (by an admin, at offboarding, or as leaked)",
  "token.rolled": "A token was rolled",
  "token.expiring": "A token expires within 7 days",
  "token.expired": "An expired token was used",
  "token.leaked": "A token was reported as leaked",
  "token.used_from_new_address": "A token was used from a new address",
  "api.denied": "An API request was denied",
  "user.*": "Every account event (sign-ups, logins, roles, offboarding…)",
  "team.*": "Every team event (members, invitations, rules)",
};

/** The webhook event an audit action is, or the action itself for the installation-only ones. */
export function webhookEventOf(action: AuditAction | string): string {
  switch (action) {
    case "token.revoked_by_admin":
    case "token.revoked_offboarding":
    case "token.revoked_leaked":
      return "token.revoked";
    case "token.leak_reported":
      return "token.leaked";
    case "token.expired_used":
      return "token.expired";
    default:
      return action;
  }
}

/** Whether an endpoint asking for `events` ("*", or a list that may hold "user.*") wants `type`. */
export function wants(events: readonly string[], kind: WebhookKind, type: string): boolean {
  const covered = (pattern: string) => pattern === type || (pattern.endsWith(".*") && type.startsWith(pattern.slice(0, -1)));
  // A user's or a team's endpoint hears of the token events only; an installation's of every event.
  if (kind !== "installation" && !(TOKEN_EVENTS as readonly string[]).includes(type)) return false;
  return events.includes("*") || events.some(covered);
}
