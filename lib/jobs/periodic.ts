import "server-only";
import { countJobRun } from "@/lib/server/metrics.mjs";

/**
 * Runs `pass` every `everyMs` (the first `firstAfterMs` after the start), never two at once, and
 * once per process (`name` keys it on globalThis: the app's bundle and the API's share a process).
 * A pass that throws is handed to `failed`; the next one runs as usual. Each pass counts in
 * tkc_job_runs_total{job: name, result: ok | failed}.
 */
export function startPeriodicJob(
  name: string,
  { everyMs, firstAfterMs }: { everyMs: number; firstAfterMs: number },
  pass: () => Promise<unknown>,
  failed: (error: unknown) => void,
): void {
  const key = Symbol.for(`token-console.${name}`);
  const holder = globalThis as Record<symbol, NodeJS.Timeout | undefined>;
  if (holder[key]) return;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    pass()
      .then(
        () => countJobRun(name, "ok"),
        (error: unknown) => {
          countJobRun(name, "failed");
          failed(error);
        },
      )
      .finally(() => (running = false));
  };
  holder[key] = setInterval(tick, everyMs).unref();
  setTimeout(tick, firstAfterMs).unref();
}
