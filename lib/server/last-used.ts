import "server-only";
import { fastSql } from "@/lib/server/fast-sql";
import { log } from "@/lib/server/log";
import { onShutdown } from "@/lib/server/shutdown.mjs";

// A token's last-used time, without a database write on each request: at most one a minute per
// token, and those gathered and written together, off the request's path, once a second. A
// database that is busy (another writer holding the lock) makes the batch wait for the next
// flush; nothing blocks a request, and nothing is lost but a time a minute newer than stored.

const RESOLUTION_MS = 60_000;
const FLUSH_EVERY_MS = 1_000;

const noted = new Map<string, number>();
const pending = new Map<string, Date>();
let timer: NodeJS.Timeout | undefined;

/** Notes a use of the token at `now`, when its stored time is older than the resolution. */
export function noteTokenUse(tokenId: string, storedLastUsedAt: number | null, now: number): void {
  const last = Math.max(noted.get(tokenId) ?? 0, storedLastUsedAt ?? 0);
  if (now - last < RESOLUTION_MS) return;
  noted.set(tokenId, now);
  pending.set(tokenId, new Date(now));
  timer ??= setTimeout(flush, FLUSH_EVERY_MS).unref();
}

/** Writes what is pending; exported for tests, and run at a clean shutdown. */
export async function flushTokenUses(): Promise<void> {
  await flush();
}
onShutdown(flushTokenUses);

async function flush(): Promise<void> {
  timer = undefined;
  if (pending.size === 0) return;
  const batch = [...pending];
  pending.clear();
  try {
    await fastSql.touchTokens(batch);
  } catch (error) {
    // Busy, or anything else: keep the newest time of each and try again at the next flush.
    for (const [id, at] of batch) if (!pending.has(id)) pending.set(id, at);
    timer ??= setTimeout(flush, FLUSH_EVERY_MS).unref();
    log.warn("token.last_used_deferred", { tokens: batch.length, error: String((error as { code?: string }).code ?? error) });
  }
}
