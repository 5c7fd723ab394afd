// @ts-check
// On globalThis because scripts/server.mjs and the app's bundle load this file as separate modules.
import { AsyncLocalStorage } from "node:async_hooks";

/** @typedef {{ id: string, userId?: string, tokenId?: string }} RequestFacts */

const KEY = Symbol.for("token-console.request-store");
const holder = /** @type {Record<symbol, AsyncLocalStorage<RequestFacts> | undefined>} */ (/** @type {unknown} */ (globalThis));
/** @type {AsyncLocalStorage<RequestFacts>} */
export const requestStore = (holder[KEY] ??= new AsyncLocalStorage());

/**
 * Never a secret: this goes into the request's log line.
 * @param {{ userId?: string, tokenId?: string }} facts
 */
export function noteRequestActor(facts) {
  const store = requestStore.getStore();
  if (store) Object.assign(store, facts);
}
