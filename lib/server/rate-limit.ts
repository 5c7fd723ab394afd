import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * The one interface the app uses for throttling. Today's store is process memory; a deployment
 * with several instances swaps in rate-limiter-flexible's Redis or PostgreSQL store here, and
 * nothing else changes.
 */
export type Limiter = {
  /** Milliseconds to wait before another attempt is allowed, or 0 when it is allowed now. */
  blockedFor(key: string): Promise<number>;
  /** Counts one attempt against the key; returns 0 when it was within the limit, else the ms to wait. */
  consume(key: string): Promise<number>;
  reset(key: string): Promise<void>;
};

export function createLimiter(options: { points: number; durationSeconds: number; keyPrefix: string }): Limiter {
  const limiter = new RateLimiterMemory({
    points: options.points,
    duration: options.durationSeconds,
    keyPrefix: options.keyPrefix,
  });
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
