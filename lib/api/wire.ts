import "server-only";
import type { TokenRow } from "@/lib/token-columns";
import { expandGrant, writeFlag } from "@/lib/permissions";
import { scopeRow, type Scope } from "@/lib/scopes";
import { DISABLED_REASONS, isTokenStatus, type DisabledReason, type TokenStatus } from "@/lib/token-states";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { platformTimestamp } from "@/lib/platform-time";

// The platform API's spellings: `write` is "1" for a token holding any write (lib/permissions.ts),
// `scope` is its row's wire name in lib/scopes.ts; a time is "YYYY-MM-DD HH:MM:SS" in UTC.

// The presets the platform's own `write` flag chooses between.
const WRITE_SCOPE: Scope = "WRITE";
const READ_SCOPE: Scope = "READ_ONLY";

// The real platform's API says "write": "on" for a Write token; its clients send several spellings.
export const WRITE_SPELLINGS = ["on", "1", "yes", "true"] as const;
export const READ_SPELLINGS = ["off", "0", "no", "false"] as const;
const WRITE_VALUES = new Set<unknown>([...WRITE_SPELLINGS, true, 1]);
const READ_VALUES = new Set<unknown>([...READ_SPELLINGS, false, 0, undefined, null, ""]);

/** null for a value outside the accepted spellings: the caller answers 422 rather than guessing. */
export function scopeFromWriteFlag(value: unknown): Scope | null {
  const normalised = typeof value === "string" ? value.trim().toLowerCase() : value;
  if (WRITE_VALUES.has(normalised)) return WRITE_SCOPE;
  if (READ_VALUES.has(normalised)) return READ_SCOPE;
  return null;
}

export { platformTimestamp };

const wireStatus = (status: string): TokenStatus => (isTokenStatus(status) ? status : "disabled");
const wireReason = (reason: string | null): DisabledReason =>
  (DISABLED_REASONS as readonly (string | null)[]).includes(reason) ? (reason as DisabledReason) : "admin";

/**
 * A token as the platform API shows it. The first four fields are the real platform's, with
 * its names and string types; the rest are this server's additions, which its clients ignore.
 */
export function apiKeyJson(token: TokenRow) {
  return {
    id: token.id,
    name: token.name,
    write: writeFlag(token),
    created_at: platformTimestamp(token.createdAt),
    scope: scopeRow(token.scope).wire,
    permissions: expandGrant(token, resourceCatalogue()),
    display_prefix: token.displayPrefix,
    description: token.description,
    allowed_ips: token.allowedIps,
    last_used_at: token.lastUsedAt ? platformTimestamp(token.lastUsedAt) : null,
    last_used_ip: token.lastUsedIp,
    expires_at: token.expiresAt ? platformTimestamp(token.expiresAt) : null,
    // Expiry first, as the authority checks it: an expired key stays expired whatever its state.
    status: token.expiresAt && Date.parse(token.expiresAt) <= Date.now() ? ("expired" as const) : wireStatus(token.status),
    disabled_reason: token.status === "disabled" ? wireReason(token.disabledReason) : null,
    denied_reason: token.status === "denied" ? token.decisionReason : null,
    rate_limit_per_minute: token.rateLimitPerMinute,
    quota: token.quota,
    quota_remaining: token.quota === null ? null : (token.quotaRemaining ?? token.quota),
  };
}
