import crypto from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createLimiter } from "@/lib/server/rate-limit";

// Against the real Redis of TEST_REDIS_URL (vitest.config.mts runs this file only when it is set).
const url = process.env.TEST_REDIS_URL!;
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  clients.push(client);
  return new Promise<Redis>((resolve, reject) => client.once("ready", () => resolve(client)).once("error", reject));
};
afterAll(() => clients.forEach((client) => client.disconnect()));

describe("limits in Redis, shared by instances", () => {
  it("two instances (two connections) spend one allowance", async () => {
    const options = { keyPrefix: `test-${crypto.randomUUID()}`, points: 4, durationSeconds: 60 };
    const a = createLimiter(options, await connect());
    const b = createLimiter(options, await connect());
    expect([await a.consume("k"), await b.consume("k"), await a.consume("k"), await b.consume("k")]).toEqual([0, 0, 0, 0]);
    expect(await a.blockedFor("k")).toBeGreaterThan(50_000);
    expect(await b.consume("k")).toBeGreaterThan(50_000);
    expect(await a.blockedFor("other")).toBe(0);
    // The counts are in Redis, under the console's prefix.
    const direct = clients[0]!;
    expect(Number(await direct.get(`token-console:${options.keyPrefix}:k`))).toBeGreaterThanOrEqual(4);
    await b.reset("k");
    expect(await a.blockedFor("k")).toBe(0);
  });
});
