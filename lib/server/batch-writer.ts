import "server-only";
import { onShutdown } from "@/lib/server/shutdown.mjs";

/**
 * A write made in batches off the request's path (last use, activity, quota spends): `schedule()`
 * asks for one within `everyMs`; one batch runs at a time (what is noted meanwhile goes with the
 * next, so that a stuck batch cannot take every connection of a pool); `flush()` writes what is
 * pending now, and runs at a clean shutdown. `write` keeps what it could not write and calls
 * `schedule()` again: a busy database defers a batch, and no request waits for it.
 */
export function batchWriter(write: () => Promise<void>, { everyMs, pending }: { everyMs: () => number; pending: () => boolean }) {
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;
  const schedule = () => {
    timer ??= setTimeout(() => void run(), everyMs()).unref();
  };
  const run = (): Promise<void> => {
    timer = undefined;
    if (flushing) {
      void flushing.then(() => {
        if (pending()) schedule();
      });
      return flushing;
    }
    flushing = write().finally(() => (flushing = undefined));
    return flushing;
  };
  const flush = async () => {
    await run();
    // A batch was in flight: what it did not carry goes now.
    if (pending()) await run();
  };
  onShutdown(flush);
  return { schedule, flush };
}
