import "server-only";
import type { NewNetworkUse, TokenUse } from "@/lib/dal/sql/contract";
import { networkOf } from "@/lib/server/networks";

// The new-address warning's decision, made once for both dialects inside the last-used flush:
// each dialect reads what it knows of the batch's tokens (before writing the batch), and this
// says which uses come from a network the token was not seen from in the last 30 days, for a
// token that was used before. A token's first use ever warns of nothing, from however many
// addresses it arrives in one batch.

/** A network last seen longer ago than this is new again. */
export const NETWORK_FORGOTTEN_MS = 30 * 86_400_000;

/** The batch's uses, one per token and network: the first use from it (its address and client), and the last. */
export type NetworkUse = { tokenId: string; network: string; ip: string; client: string; firstAt: Date; lastAt: Date };

/**
 * What a dialect read of one token before the batch: its last use, the first time it was seen
 * from any network, and when it was last seen from the batch's networks (TokenNetwork rows) or
 * addresses (its recent addresses, TokenAddress, which held them before networks were kept).
 */
export type TokenNetworkState = {
  tokenId: string;
  lastUsedAt: string | Date | null;
  firstSeenAt: string | Date | null;
  seen: Array<{ network: string; lastSeenAt: string | Date }>;
};

const byKey = (a: NetworkUse, b: NetworkUse) => {
  const left = `${a.tokenId} ${a.network}`;
  const right = `${b.tokenId} ${b.network}`;
  return left < right ? -1 : left > right ? 1 : 0;
};

/** In one order (token, network) on every instance, so that two batches never wait on each other in a cycle. */
export function networkUses(uses: TokenUse[]): NetworkUse[] {
  const grouped = new Map<string, NetworkUse>();
  for (const use of uses) {
    const network = networkOf(use.ip);
    const key = `${use.tokenId} ${network}`;
    const known = grouped.get(key);
    if (!known) grouped.set(key, { tokenId: use.tokenId, network, ip: use.ip, client: use.client, firstAt: use.at, lastAt: use.at });
    else {
      if (use.at < known.firstAt) Object.assign(known, { ip: use.ip, client: use.client, firstAt: use.at });
      if (use.at > known.lastAt) known.lastAt = use.at;
    }
  }
  return [...grouped.values()].sort(byKey);
}

/** A token's networks last seen before this can make no use of the batch known: the flush forgets them. */
export const forgottenBefore = (uses: NetworkUse[]) =>
  new Date(Math.min(...uses.map((use) => use.firstAt.getTime())) - NETWORK_FORGOTTEN_MS);

const ms = (value: string | Date | null) => (value === null ? null : value instanceof Date ? value.getTime() : Date.parse(value));

/** The uses that warn, oldest first; a token without a state (deleted since its use) has none. */
export function newNetworkUses(uses: NetworkUse[], states: TokenNetworkState[]): NewNetworkUse[] {
  const byToken = new Map(states.map((state) => [state.tokenId, state]));
  const fresh: NewNetworkUse[] = [];
  for (const use of uses) {
    const state = byToken.get(use.tokenId);
    if (!state) continue;
    const at = use.firstAt.getTime();
    const before = [ms(state.lastUsedAt), ms(state.firstSeenAt), ...state.seen.map((seen) => ms(seen.lastSeenAt))];
    // Used before this batch: its first use ever is news to nobody.
    if (!before.some((time) => time !== null && time < at)) continue;
    const known = state.seen.some((seen) => networkOf(seen.network) === use.network && ms(seen.lastSeenAt)! >= at - NETWORK_FORGOTTEN_MS);
    if (!known) fresh.push({ tokenId: use.tokenId, network: use.network, ip: use.ip, client: use.client, at: use.firstAt });
  }
  return fresh.sort((a, b) => a.at.getTime() - b.at.getTime());
}
