// @ts-check
// Work the app must finish before the process exits, such as writing the last-used times it
// has gathered (lib/dal/last-used.ts). The server (scripts/server.mjs) runs it after the
// last request has been answered. Shared through globalThis: the server and the app's bundle
// load this file as separate modules.

/** @typedef {() => Promise<void>} Hook */
const KEY = Symbol.for("token-console.shutdown-hooks");
const holder = /** @type {Record<symbol, Set<Hook> | undefined>} */ (/** @type {unknown} */ (globalThis));
const hooks = (holder[KEY] ??= new Set());

/** @param {Hook} hook */
export function onShutdown(hook) {
  hooks.add(hook);
}

/** Runs every hook once, one after the other; a failing hook does not stop the others. */
export async function runShutdownHooks(/** @type {(error: unknown) => void} */ onError) {
  for (const hook of hooks) await hook().catch(onError);
}
