// @ts-check
// The one Redis connection of a process, when REDIS_URL is set: the shared store of every
// limit (lib/server/rate-limit.ts), so that several instances count together. Redis is a
// dependency the console survives, never one it waits on:
// - commands fail at once while Redis is unreachable (no offline queue), and after
//   COMMAND_TIMEOUT_MS when it accepts but does not answer (a frozen process, a silent network
//   drop, which TCP alone would take minutes to notice; keep-alive probes find a dead peer);
// - after one failure Redis counts as down for BREAKER_MS (the breaker): the limiters count in
//   memory without asking it, so a hung Redis costs one timeout, not one per request;
// - each instance notes in Redis that it is alive, so that while Redis is down an instance
//   knows how many share the limits and takes its part of each allowance.
import crypto from "node:crypto";
import { Redis } from "ioredis";
import { env } from "./config.mjs";
import { log } from "./logger.mjs";
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
 * A connection with the console's settings, its breaker and its heartbeat. Its events are
 * logged outside any request: they belong to none, whichever request happened to open it.
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
      // Back off to one attempt every 2 s while Redis is away.
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
 * A connection made elsewhere (the tests' second "instance"), with a breaker of its own.
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
 * Opens the breaker: Redis counts as down for BREAKER_MS. Logged once per outage.
 * @param {Connection} connection
 * @param {unknown} error
 */
export function markRedisDown(connection, error) {
  connection.downUntil = Date.now() + BREAKER_MS;
  // A command with no answer on a connection that still looks open (a silent network drop, a
  // proxy that stopped passing data): that connection may never answer again, and TCP would
  // take many minutes to say so. A new one is made; a Redis that is really frozen refuses it too.
  if (error instanceof Error && /Command timed out/.test(error.message) && connection.client.status === "ready") {
    connection.client.disconnect(true);
  }
  if (connection.down) return;
  connection.down = true;
  const message = error instanceof Error ? error.message : String(error);
  requestStore.exit(() => log.warn("redis.unavailable", { error: message, instances: connection.instances }));
}

/**
 * Whether to ask Redis now: connected, and no failure within the breaker's time. Once that
 * time is over, one caller at a time is let through to find out whether Redis is back.
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
 * A command answered: the breaker closes.
 * @param {Connection} connection
 */
export function markRedisUp(connection) {
  if (!connection.down) return;
  connection.down = false;
  connection.downUntil = 0;
  requestStore.exit(() => log.info("redis.available"));
}

/** The shared connection, or null when REDIS_URL is not set. */
export function redisConnection() {
  if (holder[KEY] !== undefined) return holder[KEY];
  const url = env().REDIS_URL;
  return (holder[KEY] = url ? connectRedis(url) : null);
}

/** The shared client, or null when REDIS_URL is not set. */
export function redis() {
  return redisConnection()?.client ?? null;
}

/** For /readyz: "ok" when Redis answers a PING within a second, else "unavailable"; null when not configured. */
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
    // It answers, but while the breaker is open the limiters still count without it: said as
    // it is. Once the breaker's time is over the answer closes it (a flood of /readyz cannot
    // keep closing it early for a Redis that answers PING but not the limiters).
    if (Date.now() < connection.downUntil) return "unavailable";
    markRedisUp(connection);
    return "ok";
  } catch {
    return "unavailable";
  } finally {
    if (onReady) client.off("ready", onReady);
  }
}
