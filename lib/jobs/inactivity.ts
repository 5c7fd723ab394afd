import "server-only";
import { applyInactivity } from "@/lib/dal/inactivity";
import { startPeriodicJob } from "@/lib/jobs/periodic";
import { log } from "@/lib/server/log";

// The policy's inactivity rule (lib/dal/inactivity.ts), every hour on every server, or from cron
// (`npm run jobs -- inactivity`): safe on several at once.
export async function runInactivityPass(now = new Date()): Promise<{ warned: number; disabled: number }> {
  const result = await applyInactivity(now);
  if (result.warned || result.disabled) log.info("inactivity.pass", result);
  return result;
}

export function startInactivityJob(): void {
  startPeriodicJob("inactivity-job", { everyMs: 60 * 60_000, firstAfterMs: 60_000 }, runInactivityPass, (error) =>
    log.error("inactivity.pass_failed", { error: String(error) }),
  );
}
