import "server-only";
import { pruneActivity } from "@/lib/dal/activity";
import { log } from "@/lib/server/log";

// Activity's retention (lib/dal/activity.ts): every server prunes every 10 minutes; deleting what
// another instance deleted already deletes nothing, so several instances and cron
// (`npm run jobs -- prune`) are safe together.

export async function runPrunePass(now = Date.now()) {
  const pruned = await pruneActivity(now);
  if (pruned.buckets || pruned.requests) log.info("activity.pruned", pruned);
  return pruned;
}

const EVERY_MS = 10 * 60_000;
const KEY = Symbol.for("token-console.prune-job");

export function startPruneJob(): void {
  const holder = globalThis as Record<symbol, NodeJS.Timeout | undefined>;
  if (holder[KEY]) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runPrunePass()
      .catch((error) => log.warn("activity.prune_failed", { error: String(error) }))
      .finally(() => (running = false));
  };
  holder[KEY] = setInterval(tick, EVERY_MS).unref();
  setTimeout(tick, 60_000).unref();
}
