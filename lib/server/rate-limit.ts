import "server-only";
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
  return {
    async blockedFor(key) {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= options.points ? res.msBeforeNext : 0;
    },
    async consume(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, error.msBeforeNext);
        throw error;
      }
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
