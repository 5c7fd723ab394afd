// @ts-check
// What the console's HTTP server (scripts/server.mjs) knows about the request being served,
// reachable from the app's code while it serves it: its id, for the logs, and who made it,
// which the app notes for the request's log line. One store per process, shared through
// globalThis because the server and the app's bundle load this file as separate modules.
import { AsyncLocalStorage } from "node:async_hooks";

/** @typedef {{ id: string, userId?: string, tokenId?: string }} RequestFacts */

const KEY = Symbol.for("token-console.request-store");
const holder = /** @type {Record<symbol, AsyncLocalStorage<RequestFacts> | undefined>} */ (/** @type {unknown} */ (globalThis));
/** @type {AsyncLocalStorage<RequestFacts>} */
export const requestStore = (holder[KEY] ??= new AsyncLocalStorage());

/**
 * Notes who made the request being served (a user id, a token id), for its log line. Never a secret.
 * @param {{ userId?: string, tokenId?: string }} facts
 */
export function noteRequestActor(facts) {
  const store = requestStore.getStore();
  if (store) Object.assign(store, facts);
}
