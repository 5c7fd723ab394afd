// @ts-check
// The one Redis connection of a process, when REDIS_URL is set: the shared store of every
// limit (lib/server/rate-limit.ts), so that several instances count together. Commands fail
// at once while Redis is unreachable (no offline queue): the limiters then count in memory
// (their insurance) and the connection keeps retrying in the background.
import { Redis } from "ioredis";
import { env } from "./config.mjs";
import { log } from "./logger.mjs";

// One per process: the server (scripts/server.mjs) and the app's bundle load this file as separate modules.
const KEY = Symbol.for("token-console.redis");
const holder = /** @type {Record<symbol, Redis | null | undefined>} */ (/** @type {unknown} */ (globalThis));

/** The shared connection, or null when REDIS_URL is not set. */
export function redis() {
  if (holder[KEY] !== undefined) return holder[KEY];
  const url = env().REDIS_URL;
  if (!url) return (holder[KEY] = null);
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    // Back off to one attempt every 2 s while Redis is away.
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
  let down = false;
  client.on("error", (error) => {
    if (!down) log.warn("redis.unavailable", { error: String(error.message ?? error) });
    down = true;
  });
  client.on("ready", () => {
    if (down) log.info("redis.available");
    down = false;
  });
  holder[KEY] = client;
  return client;
}

/** For /readyz: "ok" when Redis answers a PING within a second, else "unavailable"; null when not configured. */
export async function redisCheck() {
  const connection = redis();
  if (!connection) return null;
  try {
    const answer = await Promise.race([
      connection.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 1_000)),
    ]);
    return answer === "PONG" ? "ok" : "unavailable";
  } catch {
    return "unavailable";
  }
}
