import "server-only";
import { db } from "@/lib/server/db";
import { log } from "@/lib/server/log";
import { batchWriter } from "@/lib/server/batch-writer";

// What each token spent of its quota, written to its row in batches off the request's path (as
// last use is, lib/dal/last-used.ts): once a second, and at a clean shutdown. The count a request
// is judged by is lib/server/quota.ts's; the row is what the console shows and where a count
// starts. Each instance subtracts what it spent, so several instances' spends add up.

const FLUSH_EVERY_MS = 1_000;

// On globalThis: a refill in the console's bundle drops what the API's module counted before it.
// Each bundle's writer may write it: a batch is taken out of it before it is written.
const KEY = Symbol.for("token-console.quota-spends");
const holder = globalThis as unknown as Record<symbol, Map<string, number> | undefined>;
const spends = (): Map<string, number> => (holder[KEY] ??= new Map<string, number>());

export function noteQuotaSpend(tokenId: string): void {
  const pending = spends();
  pending.set(tokenId, (pending.get(tokenId) ?? 0) + 1);
  batches.schedule();
}

/** A refill starts a new count: what was spent before it is not taken from it. */
export function discardQuotaSpends(tokenId: string): void {
  spends().delete(tokenId);
}

/** Writes what is pending; exported for tests, and run at a clean shutdown. */
export const flushQuotaSpends = () => batches.flush();

async function write(): Promise<void> {
  const pending = spends();
  if (pending.size === 0) return;
  // In one order on every instance, so that two instances' batches never wait on each other in a cycle.
  const batch = [...pending].sort(([a], [b]) => (a < b ? -1 : 1));
  pending.clear();
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
    for (const [tokenId, spent] of batch) pending.set(tokenId, (pending.get(tokenId) ?? 0) + spent);
    batches.schedule();
    log.warn("token.quota_deferred", { count: batch.length, error: String((error as { code?: string }).code ?? error) });
  }
}

const batches = batchWriter(write, { everyMs: () => FLUSH_EVERY_MS, pending: () => spends().size > 0 });
