import "server-only";
import ipaddr from "ipaddr.js";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "@/lib/server/config.mjs";
import { redis } from "@/lib/server/redis.mjs";

/**
 * The one interface the app uses for throttling (login, sign-up, the API's failed
 * authentications per address and requests per token). Without REDIS_URL the counts live in
 * this process's memory. With it they live in Redis, shared by every instance; while Redis is
 * unreachable each instance counts in its own memory (the insurance limiter), so the limits
 * still hold per instance, requests are still served, and nothing is let through unlimited.
 */
export type Limiter = {
  /** Milliseconds to wait before another attempt is allowed, or 0 when it is allowed now. */
  blockedFor(key: string): Promise<number>;
  /** Counts one attempt against the key; returns 0 when it was within the limit, else the ms to wait. */
  consume(key: string): Promise<number>;
  /** Counts one attempt and answers how many the key has made in its window, limit or not. */
  hit(key: string): Promise<number>;
  /** Gives one attempt back (one that turned out to be legitimate). */
  refund(key: string): Promise<void>;
  /** Refuses the key for `ms`, whatever its count. */
  block(key: string, ms: number): Promise<void>;
  reset(key: string): Promise<void>;
};

type Options = { points: number; durationSeconds: number; keyPrefix: string };

function store({ points, durationSeconds, keyPrefix }: Options, client = redis()): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: durationSeconds, keyPrefix });
  if (!client) return memory;
  return new RateLimiterRedis({
    storeClient: client,
    points,
    duration: durationSeconds,
    keyPrefix: `${env().REDIS_KEY_PREFIX}:${keyPrefix}`,
    insuranceLimiter: memory,
    // Straight to the insurance while the connection is down, instead of waiting on it.
    rejectIfRedisNotReady: true,
  });
}

/** A limiter; `client` names a Redis connection of its own (the tests' second "instance"). */
export function createLimiter(options: Options, client?: Parameters<typeof store>[1]): Limiter {
  const limiter = store(options, client);
  const consumed = async (key: string) => {
    try {
      return await limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) return error;
      throw error;
    }
  };
  return {
    async blockedFor(key) {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= options.points ? res.msBeforeNext : 0;
    },
    async consume(key) {
      const res = await consumed(key);
      return res.consumedPoints > options.points ? Math.max(1, res.msBeforeNext) : 0;
    },
    async hit(key) {
      return (await consumed(key)).consumedPoints;
    },
    async refund(key) {
      await limiter.reward(key, 1);
    },
    async block(key, ms) {
      await limiter.block(key, Math.max(1, Math.ceil(ms / 1000)));
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}

/**
 * The key a client address is limited under. An IPv6 client is its /64: a home line or a cloud
 * VM is given a whole /64 (2^64 addresses), so one client rotating through it is still one
 * client. IPv4 (and IPv4-mapped IPv6) is the address itself. The audit log and allowed-IP
 * checks keep the full address; only the limits use this.
 */
export function addressKey(ip: string | null | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return ip || "unknown";
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${new ipaddr.IPv6([...v6.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}
