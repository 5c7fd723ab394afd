// A token's state, beside its expiry: whether the authority (lib/api/authority.ts) lets it in at
// all. Client-safe: the listings, the API and the data layer read the same table.

export const TOKEN_STATUSES = ["active", "disabled", "pending", "denied"] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

/**
 * Who disabled a token. owner: its owner (or a team admin) in the console, or another of the
 * owner's keys through the API; self: the key itself, through the API; admin: an installation
 * admin; inactivity and policy: the installation's rules (the jobs runner, a policy change).
 */
export const DISABLED_REASONS = ["owner", "self", "admin", "inactivity", "policy"] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

/**
 * What its owner may enable again: what they (or one of their keys) disabled, and what the
 * inactivity rule did (they are the ones who know it is still needed). What an installation admin
 * or a policy disabled only an installation admin enables: the owner being able to undo it would
 * make the admin's Disable a suggestion.
 */
const OWNER_ENABLES: ReadonlySet<string> = new Set<DisabledReason>(["owner", "self", "inactivity"]);
export const ownerMayEnable = (token: { status: string; disabledReason: string | null }): boolean =>
  token.status === "disabled" && token.disabledReason !== null && OWNER_ENABLES.has(token.disabledReason);

export const isTokenStatus = (value: string): value is TokenStatus => (TOKEN_STATUSES as readonly string[]).includes(value);
