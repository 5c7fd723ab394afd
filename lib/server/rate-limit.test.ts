import { describe, expect, it } from "vitest";
import { createLimiter } from "@/lib/server/rate-limit";

describe("limiter", () => {
  it("blocks a key after its points are spent, for that key only, until reset", async () => {
    const limiter = createLimiter({ keyPrefix: "test", points: 3, durationSeconds: 60 });
    for (let i = 0; i < 2; i++) expect(await limiter.consume("a")).toBe(0);
    expect(await limiter.blockedFor("a")).toBe(0);
    expect(await limiter.consume("a")).toBe(0);
    const wait = await limiter.blockedFor("a");
    expect(wait).toBeGreaterThan(50_000);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await limiter.blockedFor("b")).toBe(0);
    expect(await limiter.consume("a")).toBeGreaterThan(50_000); // past the limit: the wait, not a throw
    await limiter.reset("a");
    expect(await limiter.blockedFor("a")).toBe(0);
  });
});

describe("limiter with Redis unreachable", () => {
  it("counts in memory (the insurance) instead of failing or letting everything through", async () => {
    const { Redis } = await import("ioredis");
    const unreachable = new Redis("redis://127.0.0.1:1", {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      lazyConnect: false,
      retryStrategy: () => null,
    });
    unreachable.on("error", () => {});
    const limiter = createLimiter({ keyPrefix: "test-down", points: 2, durationSeconds: 60 }, unreachable);
    expect(await limiter.consume("a")).toBe(0);
    expect(await limiter.consume("a")).toBe(0);
    expect(await limiter.consume("a")).toBeGreaterThan(50_000);
    expect(await limiter.blockedFor("a")).toBeGreaterThan(50_000);
    unreachable.disconnect();
  });
});
