// @ts-check
// Work to finish before exit, such as the gathered last-used times (lib/dal/last-used.ts). On
// globalThis because the server and the app's bundle load this file as separate modules.

/** @typedef {() => Promise<void>} Hook */
const KEY = Symbol.for("token-console.shutdown-hooks");
const holder = /** @type {Record<symbol, Set<Hook> | undefined>} */ (/** @type {unknown} */ (globalThis));
const hooks = (holder[KEY] ??= new Set());

/** @param {Hook} hook */
export function onShutdown(hook) {
  hooks.add(hook);
}

export async function runShutdownHooks(/** @type {(error: unknown) => void} */ onError) {
  for (const hook of hooks) await hook().catch(onError);
}
