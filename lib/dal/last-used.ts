import "server-only";
import { warnOfNewAddresses } from "@/lib/dal/address-notices";
import { fastSql, type NewNetworkUse, type PermissionUse, type TokenUse } from "@/lib/dal/sql";
import { log } from "@/lib/server/log";
import { batchWriter } from "@/lib/server/batch-writer";
import { describeUserAgent } from "@/lib/server/user-agent";

// Last use without a database write per request: at most one a minute per token and address,
// batched off the request's path once a second (the User-Agent is described there too). A busy
// database defers the batch to the next flush: nothing blocks a request, and nothing is lost
// but a time a minute newer than stored. Each permission a token exercises is noted the same way.
// The flush also records where each token was used from, and warns its owner of a new address
// (lib/dal/address-notices.ts), still off the request's path.

const RESOLUTION_MS = 60_000;
const FLUSH_EVERY_MS = 1_000;

type Pending = { tokenId: string; ip: string; userAgent: string | null; at: Date };

/** When each token+address was last noted in this process; entries older than the resolution are dropped at each flush. */
const noted = new Map<string, number>();
const pending = new Map<string, Pending>();
const notedPermissions = new Map<string, number>();
const pendingPermissions = new Map<string, PermissionUse>();
/** Uses from a new address whose owner could not be told yet (a busy database): told at the next flush. */
let pendingWarnings: NewNetworkUse[] = [];
const hasPending = () => pending.size > 0 || pendingPermissions.size > 0 || pendingWarnings.length > 0;

/** What the token's row says of its last use: a use from the same address within the minute is not news. */
export type StoredUse = { lastUsedAt: number | null; lastUsedIp: string | null };

export function noteTokenUse(tokenId: string, ip: string, userAgent: string | null, stored: StoredUse, now: number): void {
  const key = `${tokenId} ${ip}`;
  const storedHere = stored.lastUsedIp === ip ? (stored.lastUsedAt ?? 0) : 0;
  const last = Math.max(noted.get(key) ?? 0, storedHere);
  if (now - last < RESOLUTION_MS) return;
  noted.set(key, now);
  pending.set(key, { tokenId, ip, userAgent: userAgent?.slice(0, 512) ?? null, at: new Date(now) });
  batches.schedule();
}

/** The route's permission, exercised: at most one write a minute per token and permission. */
export function notePermissionUse(tokenId: string, permission: string, now: number): void {
  const key = `${tokenId} ${permission}`;
  if (now - (notedPermissions.get(key) ?? 0) < RESOLUTION_MS) return;
  notedPermissions.set(key, now);
  pendingPermissions.set(key, { tokenId, permission, at: new Date(now) });
  batches.schedule();
}

const batches = batchWriter(write, { everyMs: () => FLUSH_EVERY_MS, pending: hasPending });

/** Writes what is pending; exported for tests, and run at a clean shutdown. */
export const flushTokenUses = batches.flush;

async function write(): Promise<void> {
  const horizon = Date.now() - RESOLUTION_MS;
  for (const [key, at] of noted) if (at < horizon) noted.delete(key);
  for (const [key, at] of notedPermissions) if (at < horizon) notedPermissions.delete(key);
  if (!hasPending()) return;
  const batch = [...pending.values()];
  const permissionBatch = [...pendingPermissions.values()];
  pending.clear();
  pendingPermissions.clear();
  const uses: TokenUse[] = batch.map(({ userAgent, ...use }) => ({ ...use, client: describeUserAgent(userAgent) }));
  let fresh: NewNetworkUse[];
  try {
    fresh = batch.length > 0 || permissionBatch.length > 0 ? await fastSql.touchTokens(uses, permissionBatch) : [];
  } catch (error) {
    // Busy, or anything else: keep the newest of each and try again at the next flush.
    for (const use of batch) {
      const key = `${use.tokenId} ${use.ip}`;
      if (!pending.has(key)) pending.set(key, use);
    }
    for (const use of permissionBatch) {
      const key = `${use.tokenId} ${use.permission}`;
      if (!pendingPermissions.has(key)) pendingPermissions.set(key, use);
    }
    batches.schedule();
    log.warn("token.last_used_deferred", { count: batch.length, error: String((error as { code?: string }).code ?? error) });
    return;
  }
  const warnings = [...pendingWarnings, ...fresh];
  pendingWarnings = [];
  if (warnings.length === 0) return;
  try {
    await warnOfNewAddresses(warnings, new Date(Date.now()));
  } catch (error) {
    pendingWarnings = warnings.slice(-1_000);
    batches.schedule();
    log.warn("token.new_address_deferred", { count: warnings.length, error: String((error as { code?: string }).code ?? error) });
  }
}
