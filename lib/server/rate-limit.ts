import "server-only";
import ipaddr from "ipaddr.js";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/server/config.mjs";
import { markRedisDown, markRedisUp, redisConnection, redisUsable, wrapClient, type Connection } from "@/lib/server/redis.mjs";

// While Redis is away (redis.mjs) each instance counts in memory from the last count it saw
// there, allowing only its share of what is left, so the limits still hold about as a whole and
// nothing waits; when Redis is back, what it counted meanwhile is added there.
export type Limiter = {
  /** ms to wait, or 0 when allowed now. */
  blockedFor(key: string): Promise<number>;
  /** Counts one attempt; ms to wait, or 0 when within the limit. */
  consume(key: string): Promise<number>;
  /** Counts one attempt; how many the key has made in its window, limit or not. */
  hit(key: string): Promise<number>;
  refund(key: string): Promise<void>;
  block(key: string, ms: number): Promise<void>;
  reset(key: string): Promise<void>;
};

type Options = { points: number; durationSeconds: number; keyPrefix: string };

// Keys whose Redis counts are remembered (each a few dozen bytes).
const SEEN_MAX = 20_000;

const asResult = async (work: Promise<RateLimiterRes>) => {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error;
    throw error;
  }
};

// `client`: for the tests' second "instance".
export function createLimiter(options: Options, client?: Redis | Connection | null): Limiter {
  const { points, durationSeconds: duration, keyPrefix } = options;
  const memory = new RateLimiterMemory({ points, duration, keyPrefix });
  const connection = client === undefined ? redisConnection() : client instanceof Redis ? wrapClient(client) : client;
  const shared = connection
    ? new RateLimiterRedis({
        storeClient: connection.client,
        points,
        duration,
        keyPrefix: `${env().REDIS_KEY_PREFIX}:${keyPrefix}`,
        rejectIfRedisNotReady: true,
      })
    : null;
  const seen = new Map<string, { points: number; until: number }>();
  const allowances = new Map<string, { limit: number; from: number }>();

  // So that an outage spends the allowance instead of granting a new one.
  const carryOver = async (limiter: RateLimiterRedis, key: string) => {
    const outage = allowances.get(key);
    if (!outage) return;
    allowances.delete(key);
    const counted = await memory.get(key);
    await memory.delete(key);
    const extra = (counted?.consumedPoints ?? outage.from) - outage.from;
    if (extra > 0) await limiter.penalty(key, extra);
  };
  const remember = (key: string, res: RateLimiterRes | null) => {
    if (!res) return;
    if (seen.size >= SEEN_MAX) {
      for (const [old, { until }] of seen) if (until <= Date.now()) seen.delete(old);
      // Still full: the oldest go (a Map keeps insertion order).
      for (const old of seen.keys()) if (seen.size >= SEEN_MAX * 0.9) seen.delete(old);
    }
    seen.delete(key);
    seen.set(key, { points: res.consumedPoints, until: Date.now() + res.msBeforeNext });
  };
  const allowance = async (key: string) => {
    if (!connection) return points;
    if ((await memory.get(key)) === null) {
      const last = seen.get(key);
      const from = last && last.until > Date.now() ? last : null;
      if (from) await memory.set(key, from.points, Math.max(1, Math.ceil((from.until - Date.now()) / 1000)));
      const start = from?.points ?? 0;
      allowances.set(key, {
        limit: Math.min(points, start + Math.ceil(Math.max(0, points - start) / Math.max(1, connection.instances))),
        from: start,
      });
    }
    return allowances.get(key)?.limit ?? points;
  };
  const run = async <T>(viaRedis: (limiter: RateLimiterRedis) => Promise<T>, viaMemory: () => Promise<T>): Promise<T> => {
    if (shared && connection && redisUsable(connection)) {
      try {
        const result = await viaRedis(shared);
        markRedisUp(connection);
        return result;
      } catch (error) {
        markRedisDown(connection, error);
      }
    }
    return viaMemory();
  };
  const counted = (key: string) =>
    run(
      async (limiter) => {
        await carryOver(limiter, key);
        const res = await asResult(limiter.consume(key));
        remember(key, res);
        return { res, limit: points };
      },
      async () => {
        const limit = await allowance(key);
        return { res: await asResult(memory.consume(key)), limit };
      },
    );

  return {
    async blockedFor(key) {
      const { res, limit } = await run(
        async (limiter) => {
          await carryOver(limiter, key);
          const found = await limiter.get(key);
          remember(key, found);
          return { res: found, limit: points };
        },
        async () => ({ limit: await allowance(key), res: await memory.get(key) }),
      );
      return res && res.consumedPoints >= limit ? Math.max(1, res.msBeforeNext) : 0;
    },
    async consume(key) {
      const { res, limit } = await counted(key);
      return res.consumedPoints > limit ? Math.max(1, res.msBeforeNext) : 0;
    },
    async hit(key) {
      return (await counted(key)).res.consumedPoints;
    },
    async refund(key) {
      await run(
        (limiter) => limiter.reward(key, 1),
        () => memory.reward(key, 1),
      );
    },
    async block(key, ms) {
      const seconds = Math.max(1, Math.ceil(ms / 1000));
      await run(
        (limiter) => limiter.block(key, seconds),
        () => memory.block(key, seconds),
      );
    },
    async reset(key) {
      seen.delete(key);
      allowances.delete(key);
      await Promise.all([
        run(
          (limiter) => limiter.delete(key),
          async () => false,
        ),
        memory.delete(key),
      ]);
    },
  };
}

// An IPv6 client is limited as its /64: a home line or a cloud VM gets a whole /64, so one client
// rotating through it is still one client. The audit log and allowed-IP checks keep the full address.
export function addressKey(ip: string | null | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return ip || "unknown";
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${new ipaddr.IPv6([...v6.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}
