import "server-only";
import { db } from "@/lib/server/db";
import { log } from "@/lib/server/log";
import { onShutdown } from "@/lib/server/shutdown.mjs";

// What each token spent of its quota, written to its row in batches off the request's path (as
// last use is, lib/dal/last-used.ts): once a second, and at a clean shutdown. The count a request
// is judged by is lib/server/quota.ts's; the row is what the console shows and where a count
// starts. Each instance subtracts what it spent, so several instances' spends add up.

const FLUSH_EVERY_MS = 1_000;

type State = { pending: Map<string, number>; timer?: NodeJS.Timeout; flushing?: Promise<void> };
// On globalThis: a refill in the console's bundle drops what the API's module counted before it.
const KEY = Symbol.for("token-console.quota-spends");
const holder = globalThis as unknown as Record<symbol, State | undefined>;
const state = (): State => (holder[KEY] ??= { pending: new Map<string, number>() });

export function noteQuotaSpend(tokenId: string): void {
  const s = state();
  s.pending.set(tokenId, (s.pending.get(tokenId) ?? 0) + 1);
  s.timer ??= setTimeout(flush, FLUSH_EVERY_MS).unref();
}

/** A refill starts a new count: what was spent before it is not taken from it. */
export function discardQuotaSpends(tokenId: string): void {
  state().pending.delete(tokenId);
}

/** Writes what is pending; exported for tests, and run at a clean shutdown. */
export async function flushQuotaSpends(): Promise<void> {
  await flush();
  if (state().pending.size > 0) await flush();
}
onShutdown(flushQuotaSpends);

function flush(): Promise<void> {
  const s = state();
  s.timer = undefined;
  if (s.flushing) {
    void s.flushing.then(() => {
      if (s.pending.size > 0) s.timer ??= setTimeout(flush, FLUSH_EVERY_MS).unref();
    });
    return s.flushing;
  }
  s.flushing = write(s).finally(() => (s.flushing = undefined));
  return s.flushing;
}

async function write(s: State): Promise<void> {
  if (s.pending.size === 0) return;
  // In one order on every instance, so that two instances' batches never wait on each other in a cycle.
  const batch = [...s.pending].sort(([a], [b]) => (a < b ? -1 : 1));
  s.pending.clear();
  try {
    await db.$transaction(
      batch.map(
        ([tokenId, spent]) =>
          db.$executeRaw`UPDATE "ApiToken" SET "quotaRemaining" = CASE WHEN COALESCE("quotaRemaining", "quota") > ${spent}
            THEN COALESCE("quotaRemaining", "quota") - ${spent} ELSE 0 END WHERE "id" = ${tokenId} AND "quota" IS NOT NULL`,
      ),
    );
  } catch (error) {
    // Busy, or anything else: add it back and try again at the next flush.
    for (const [tokenId, spent] of batch) s.pending.set(tokenId, (s.pending.get(tokenId) ?? 0) + spent);
    s.timer ??= setTimeout(flush, FLUSH_EVERY_MS).unref();
    log.warn("token.quota_deferred", { count: batch.length, error: String((error as { code?: string }).code ?? error) });
  }
}
