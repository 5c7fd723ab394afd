import "server-only";
import { pruneActivity } from "@/lib/dal/activity";
import { startPeriodicJob } from "@/lib/jobs/periodic";
import { log } from "@/lib/server/log";

// Activity's retention (lib/dal/activity.ts): every server prunes every 10 minutes; deleting what
// another instance deleted already deletes nothing, so several instances and cron
// (`npm run jobs -- prune`) are safe together.

export async function runPrunePass(now = Date.now()) {
  const pruned = await pruneActivity(now);
  if (pruned.buckets || pruned.requests) log.info("activity.pruned", pruned);
  return pruned;
}

export function startPruneJob(): void {
  startPeriodicJob("prune-job", { everyMs: 10 * 60_000, firstAfterMs: 60_000 }, runPrunePass, (error) =>
    log.warn("activity.prune_failed", { error: String(error) }),
  );
}
