import crypto from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createQuotaCounter } from "@/lib/server/quota";
import { BREAKER_MS, markRedisDown, wrapClient } from "@/lib/server/redis.mjs";

// Against the real Redis of TEST_REDIS_URL (vitest.config.mts runs this file only when it is set):
// two counters on two connections are two instances of the console.
const url = process.env.TEST_REDIS_URL!;
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  clients.push(client);
  return new Promise<Redis>((resolve, reject) => client.once("ready", () => resolve(client)).once("error", reject));
};
afterAll(() => clients.forEach((client) => client.disconnect()));
afterEach(() => vi.restoreAllMocks());

describe("quotas in Redis, shared by instances", () => {
  it("two instances spending at once never let through more than the quota", async () => {
    const a = createQuotaCounter(await connect());
    const b = createQuotaCounter(await connect());
    const tokenId = `quota-${crypto.randomUUID()}`;
    const stored = { quota: 50, remaining: 50 };
    // 200 requests at once, half on each instance: exactly 50 are allowed.
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).spend(tokenId, stored)));
    expect(results.filter(Boolean)).toHaveLength(50);
    expect(await a.spend(tokenId, stored)).toBe(false);
    expect(await b.spend(tokenId, stored)).toBe(false);
    expect(Number(await clients[0]!.get(`token-console:quota:${tokenId}`))).toBe(0);
  });

  it("starts from the database's value, and a refill on one instance counts on the other at once", async () => {
    const a = createQuotaCounter(await connect());
    const b = createQuotaCounter(await connect());
    const tokenId = `quota-${crypto.randomUUID()}`;
    // The row says 2 of 10 left: the count starts there, whatever the quota.
    expect(await a.spend(tokenId, { quota: 10, remaining: 2 })).toBe(true);
    expect(await b.spend(tokenId, { quota: 10, remaining: 2 })).toBe(true);
    expect(await a.spend(tokenId, { quota: 10, remaining: 2 })).toBe(false);
    // A lookup that read the row before the refill (still 0 left) does not undo it.
    await b.refill(tokenId, 10, 3);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await a.spend(tokenId, { quota: 10, remaining: 0 }));
    expect(results).toEqual([true, true, true, false, false]);
    // No quota any more: the count goes.
    await a.refill(tokenId, null, null);
    expect(await clients[0]!.exists(`token-console:quota:${tokenId}`)).toBe(0);
  });

  it("counts in memory while Redis is away, and takes what it let through then from Redis's count when it is back", async () => {
    const connection = wrapClient(await connect());
    const counter = createQuotaCounter(connection);
    const tokenId = `quota-${crypto.randomUUID()}`;
    const stored = { quota: 10, remaining: 10 };
    const key = `token-console:quota:${tokenId}`;
    expect([await counter.spend(tokenId, stored), await counter.spend(tokenId, stored)]).toEqual([true, true]);
    expect(Number(await clients[0]!.get(key))).toBe(8);
    markRedisDown(connection, new Error("test: Redis away"));
    expect([await counter.spend(tokenId, stored), await counter.spend(tokenId, stored)]).toEqual([true, true]);
    expect(Number(await clients[0]!.get(key))).toBe(8);
    // The breaker's time is over: Redis is asked again, and the two spent meanwhile are taken off.
    const later = Date.now() + BREAKER_MS + 1_000;
    vi.spyOn(Date, "now").mockReturnValue(later);
    expect(await counter.spend(tokenId, stored)).toBe(true);
    expect(Number(await clients[0]!.get(key))).toBe(5);
  });
});
