// How the app's writes are faring, for /readyz. The app's database client lives in code that
// Next.js bundles (lib/server/db.ts); scripts/server.mjs, plain Node, cannot import it, so
// db.ts puts its hook on globalThis under this symbol once it is loaded (the first request
// that touches the database). Until then there is no hook: no write has failed.

export const DATABASE_HEALTH = Symbol.for("token-console.database-health");

/**
 * @typedef {{ state: "ok" | "failed"; since: string; reason?: string }} DatabaseHealth
 *   "failed" from the moment a write met a broken database (an I/O error, a full disk, a
 *   read-only or damaged file) or missed its deadline, until a write commits again.
 * @typedef {{ state: "ok" | "busy" | "failed"; ms: number; error?: string }} WriteProbeResult
 *   "busy": another process or instance held the write lock past DATABASE_BUSY_TIMEOUT_MS.
 * @typedef {{
 *   databaseHealth(): DatabaseHealth;
 *   writeProbe(options?: { timeoutMs?: number }): Promise<WriteProbeResult>;
 * }} DatabaseHealthHook
 */

/** @returns {DatabaseHealthHook | undefined} */
export function databaseHealthHook() {
  return /** @type {Record<symbol, DatabaseHealthHook | undefined>} */ (globalThis)[DATABASE_HEALTH];
}
