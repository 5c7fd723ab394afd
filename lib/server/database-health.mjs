// scripts/server.mjs, plain Node, cannot import the bundled lib/server/db.ts, so db.ts puts its
// hook on globalThis once loaded. Until then there is no hook: no write has failed.

export const DATABASE_HEALTH = Symbol.for("token-console.database-health");

/**
 * @typedef {{ state: "ok" | "failed"; since: string; reason?: string }} DatabaseHealth
 *   "failed" from a write that met a broken database or missed its deadline until one commits.
 * @typedef {{ state: "ok" | "busy" | "failed"; ms: number; error?: string }} WriteProbeResult
 * @typedef {{
 *   databaseHealth(): DatabaseHealth;
 *   writeProbe(options?: { timeoutMs?: number }): Promise<WriteProbeResult>;
 * }} DatabaseHealthHook
 */

/** @returns {DatabaseHealthHook | undefined} */
export function databaseHealthHook() {
  return /** @type {Record<symbol, DatabaseHealthHook | undefined>} */ (globalThis)[DATABASE_HEALTH];
}
