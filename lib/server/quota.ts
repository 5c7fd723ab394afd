import "server-only";
import { Redis } from "ioredis";
import { env } from "@/lib/server/config.mjs";
import { markRedisDown, markRedisUp, redisConnection, redisUsable, wrapClient, type Connection } from "@/lib/server/redis.mjs";

// What is left of each token's quota, counted where every instance sees the same number: in
// Redis when REDIS_URL is set (one atomic script per request, so two instances together never
// let through more than the quota), else in this process's memory. The count starts from the
// database's `quotaRemaining` the first time a token is seen; the database is brought up to date
// in batches (lib/dal/quota-spends.ts), and a refill sets the count here at once.
//
// Without Redis, each instance counts on its own from the stored value: N instances may together
// let through up to N times what was left when they first saw the token, and a refill with the
// same quota reaches the others only when they restart (a new quota reaches them at once). While
// Redis is away, each instance counts in memory the same way (from the stored value), and what it
// spent then is taken from Redis's count when Redis answers again.

export type QuotaCounter = {
  /** Spends one request of the token's quota: true if there was one to spend. `stored` is the database's view. */
  spend(tokenId: string, stored: { quota: number; remaining: number }): Promise<boolean>;
  /** The owner set a new quota or what is left of it (null: none): every instance counts from it at once. */
  refill(tokenId: string, quota: number | null, remaining: number | null): Promise<void>;
};

// A token unused for a day is counted again from the database, which is long up to date by then.
const KEY_TTL_SECONDS = 24 * 60 * 60;
// A stale lookup (read before a refill here) must not undo the refill: it is at most this old.
const REFILL_WINS_MS = 10_000;

// Seeds the count from the database's value the first time, takes off what this instance spent
// while Redis was away, then takes one if there is one.
const SPEND = `
local left = redis.call('GET', KEYS[1])
if left then left = tonumber(left) else left = tonumber(ARGV[1]) end
left = left - tonumber(ARGV[3])
if left <= 0 then
  redis.call('SET', KEYS[1], 0, 'EX', ARGV[2])
  return -1
end
redis.call('SET', KEYS[1], left - 1, 'EX', ARGV[2])
return left - 1`;

type Counted = { quota: number; remaining: number; refilledAt: number };

// On globalThis: the server (scripts/server.mjs) and the app's bundle load this file as separate
// modules, and a refill made by the console must reach the count the API spends from.
const MEMORY = Symbol.for("token-console.quota-memory");
const holder = globalThis as unknown as Record<symbol, Map<string, Counted> | undefined>;
const memoryCounts = () => (holder[MEMORY] ??= new Map());

function spendInMemory(tokenId: string, stored: { quota: number; remaining: number }): boolean {
  const counts = memoryCounts();
  let counted = counts.get(tokenId);
  // A new quota set on another instance (the database says so) counts from its value.
  if (!counted || (counted.quota !== stored.quota && Date.now() - counted.refilledAt > REFILL_WINS_MS)) {
    counted = { quota: stored.quota, remaining: stored.remaining, refilledAt: 0 };
    counts.set(tokenId, counted);
  }
  if (counted.remaining <= 0) return false;
  counted.remaining -= 1;
  return true;
}

/** `client`: for the tests' second "instance"; without one, the installation's Redis, if any. */
export function createQuotaCounter(client?: Redis | Connection | null): QuotaCounter {
  const connection = client === undefined ? redisConnection() : client instanceof Redis ? wrapClient(client) : client;
  const key = (tokenId: string) => `${env().REDIS_KEY_PREFIX}:quota:${tokenId}`;
  /** What this instance let through in memory while Redis was away, to take from its count when it is back. */
  const whileDown = new Map<string, number>();
  const viaRedis = async <T>(work: (redis: Redis) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> => {
    if (!connection || !redisUsable(connection)) return { ok: false };
    try {
      const value = await work(connection.client);
      markRedisUp(connection);
      return { ok: true, value };
    } catch (error) {
      markRedisDown(connection, error);
      return { ok: false };
    }
  };

  return {
    async spend(tokenId, stored) {
      const owed = whileDown.get(tokenId) ?? 0;
      const shared = await viaRedis((redis) => redis.eval(SPEND, 1, key(tokenId), Math.max(0, stored.remaining), KEY_TTL_SECONDS, owed));
      if (shared.ok) {
        whileDown.delete(tokenId);
        // The next outage counts from the stored value again, not from a count left by an old one.
        memoryCounts().delete(tokenId);
        return Number(shared.value) >= 0;
      }
      const allowed = spendInMemory(tokenId, stored);
      if (allowed && connection) whileDown.set(tokenId, owed + 1);
      return allowed;
    },
    async refill(tokenId, quota, remaining) {
      whileDown.delete(tokenId);
      const counts = memoryCounts();
      if (quota === null) counts.delete(tokenId);
      else counts.set(tokenId, { quota, remaining: remaining ?? quota, refilledAt: Date.now() });
      // SET, not DEL: a request that read the row before the refill would seed the old value again.
      await viaRedis<unknown>((redis) =>
        quota === null ? redis.del(key(tokenId)) : redis.set(key(tokenId), remaining ?? quota, "EX", KEY_TTL_SECONDS),
      );
    },
  };
}

let installation: QuotaCounter | undefined;
/** The installation's counter: Redis when configured, else this process's memory. */
export const quotaCounter = () => (installation ??= createQuotaCounter());
