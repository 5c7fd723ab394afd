// @ts-check
// Redis holds the limits (rate-limit.ts) so that instances count together. The console
// survives Redis, never waits on it: no offline queue; COMMAND_TIMEOUT_MS because TCP takes
// minutes to notice a silent drop; after one failure a breaker counts in memory for BREAKER_MS,
// so a hung Redis costs one timeout, not one per request; a heartbeat counts the instances so
// that, while Redis is down, each takes its share of every allowance.
import crypto from "node:crypto";
import { Redis } from "ioredis";
import { env } from "./config.mjs";
import { log } from "./logger.mjs";
import { countRedisError } from "./metrics.mjs";
import { requestStore } from "./request-store.mjs";

export const COMMAND_TIMEOUT_MS = 300;
export const BREAKER_MS = 5_000;
const HEARTBEAT_MS = 5_000;

/**
 * @typedef {{ client: Redis, downUntil: number, down: boolean, instances: number }} Connection
 */

// One per process: the server (scripts/server.mjs) and the app's bundle load this file as separate modules.
const KEY = Symbol.for("token-console.redis");
const holder = /** @type {Record<symbol, Connection | null | undefined>} */ (/** @type {unknown} */ (globalThis));

/**
 * Logged outside any request: its events belong to none, whichever request opened it.
 * @param {string} url
 * @param {{ heartbeat?: boolean, keyPrefix?: string }} [options]
 * @returns {Connection}
 */
export function connectRedis(url, { heartbeat = true, keyPrefix = env().REDIS_KEY_PREFIX } = {}) {
  return requestStore.exit(() => {
    const client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // A command already answered as failed (timed out, counted in memory) is not sent again on the next connection.
      autoResendUnfulfilledCommands: false,
      keepAlive: 10_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    /** @type {Connection} */
    const connection = { client, downUntil: 0, down: false, instances: 1 };
    client.on("error", (error) => markRedisDown(connection, error));
    client.on("ready", () => markRedisUp(connection));
    if (heartbeat) {
      const id = crypto.randomUUID();
      const key = `${keyPrefix}:instances`;
      const beat = () => {
        if (!redisUsable(connection)) return;
        const now = Date.now();
        client
          .multi()
          .zadd(key, now, id)
          .zremrangebyscore(key, 0, now - 3 * HEARTBEAT_MS)
          .zcard(key)
          .pexpire(key, 3 * HEARTBEAT_MS)
          .exec()
          .then((results) => {
            markRedisUp(connection);
            const count = Number(results?.[2]?.[1]);
            if (count > 0) connection.instances = count;
          })
          .catch((error) => markRedisDown(connection, error));
      };
      client.on("ready", beat);
      setInterval(() => requestStore.exit(beat), HEARTBEAT_MS).unref();
    }
    return connection;
  });
}

/**
 * For the tests' second "instance".
 * @param {Redis} client
 * @returns {Connection}
 */
export function wrapClient(client) {
  const connection = { client, downUntil: 0, down: false, instances: 1 };
  client.on("error", (error) => markRedisDown(connection, error));
  client.on("ready", () => markRedisUp(connection));
  return connection;
}

/**
 * @param {Connection} connection
 * @param {unknown} error
 */
export function markRedisDown(connection, error) {
  countRedisError();
  connection.downUntil = Date.now() + BREAKER_MS;
  // A timeout on a connection that looks open (silent drop, a proxy that stopped passing data)
  // may never recover, and TCP takes minutes to say so: reconnect. A frozen Redis refuses that too.
  if (error instanceof Error && /Command timed out/.test(error.message) && connection.client.status === "ready") {
    connection.client.disconnect(true);
  }
  if (connection.down) return;
  connection.down = true;
  const message = error instanceof Error ? error.message : String(error);
  requestStore.exit(() => log.warn("redis.unavailable", { error: message, instances: connection.instances }));
}

/**
 * Once the breaker's time is over, one caller at a time is let through to find out whether Redis is back.
 * @param {Connection} connection
 */
export function redisUsable(connection) {
  if (connection.client.status !== "ready") return false;
  const now = Date.now();
  if (now < connection.downUntil) return false;
  if (connection.down) connection.downUntil = now + COMMAND_TIMEOUT_MS + 100;
  return true;
}

/**
 * @param {Connection} connection
 */
export function markRedisUp(connection) {
  if (!connection.down) return;
  connection.down = false;
  connection.downUntil = 0;
  requestStore.exit(() => log.info("redis.available"));
}

export function redisConnection() {
  if (holder[KEY] !== undefined) return holder[KEY];
  const url = env().REDIS_URL;
  return (holder[KEY] = url ? connectRedis(url) : null);
}

export function redis() {
  return redisConnection()?.client ?? null;
}

export async function redisCheck() {
  const connection = redisConnection();
  if (!connection) return null;
  const { client } = connection;
  /** @type {((value?: unknown) => void) | undefined} */
  let onReady;
  try {
    // The connection opens at first use: the first check waits for it rather than say it is down.
    const opened = client.status === "ready" ? Promise.resolve() : new Promise((resolve) => client.once("ready", (onReady = resolve)));
    const answer = await Promise.race([
      opened.then(() => client.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1_000)),
    ]);
    if (answer !== "PONG") return "unavailable";
    // While the breaker is open the limiters still count without Redis, so say so; only after its
    // time may PING close it (a flood of /readyz must not keep closing it for a Redis that answers PING only).
    if (Date.now() < connection.downUntil) return "unavailable";
    markRedisUp(connection);
    return "ok";
  } catch {
    return "unavailable";
  } finally {
    if (onReady) client.off("ready", onReady);
  }
}
