import crypto from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createQuotaCounter } from "@/lib/server/quota";

// Without Redis: this process's count, exact for one instance (lib/server/quota.redis.test.ts
// has two instances on a real Redis).
afterEach(() => vi.restoreAllMocks());
const fresh = () => `quota-${crypto.randomUUID()}`;

describe("quotas in memory", () => {
  it("count down from the stored value, whatever later lookups read", async () => {
    const counter = createQuotaCounter(null);
    const id = fresh();
    expect(await counter.spend(id, { quota: 5, remaining: 2 })).toBe(true);
    // A row not yet written back still says 2: the count goes on from this process's own.
    expect(await counter.spend(id, { quota: 5, remaining: 2 })).toBe(true);
    expect(await counter.spend(id, { quota: 5, remaining: 2 })).toBe(false);
  });

  it("start again at a refill here, which a stale lookup does not undo; a new quota set elsewhere is taken up", async () => {
    const counter = createQuotaCounter(null);
    const id = fresh();
    expect(await counter.spend(id, { quota: 1, remaining: 1 })).toBe(true);
    await counter.refill(id, 3, 3);
    // A lookup made before the refill still says quota 1, none left.
    const stale = { quota: 1, remaining: 0 };
    expect([await counter.spend(id, stale), await counter.spend(id, stale), await counter.spend(id, stale)]).toEqual([true, true, true]);
    expect(await counter.spend(id, stale)).toBe(false);
    // Later, another instance sets a new quota: the row says so, and the count follows it.
    const later = Date.now() + 60_000;
    vi.spyOn(Date, "now").mockReturnValue(later);
    expect(await counter.spend(id, { quota: 10, remaining: 10 })).toBe(true);
    // No quota any more: forgotten.
    await counter.refill(id, null, null);
    expect(await counter.spend(id, { quota: 2, remaining: 2 })).toBe(true);
  });
});
