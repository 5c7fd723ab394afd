import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "20";
});

import { db } from "@/lib/server/db";
import { flushQuotaSpends } from "@/lib/dal/quota-spends";
import { createToken } from "@/lib/dal/tokens";
import { call } from "@/test/api-client";
import { makeUser, TEST_CONTEXT } from "@/test/fixtures";

// "A token cannot lift its own limits" (docs/features.md): PATCH of itself is refused with
// forbidden_refill. But a capped token holding api_keys:write can mint a sibling key with no
// limits at all (same grant), and either use it instead, or have it refill the capped one.

describe("a capped token lifting its own limits through a key it mints", () => {
  it("cannot mint an uncapped key and have it refill itself", async () => {
    const owner = await makeUser();
    const created = await createToken(owner, { name: "capped", scope: "WRITE", quota: 3, rateLimitPerMinute: 5 }, TEST_CONTEXT);
    if (!created.ok) throw new Error(created.reason);
    const { secret: capped, token } = created;

    // 1 spent: the capped token mints a key without quota or rate limit.
    const minted = await call("POST", "/api/generate", { token: capped, body: { name: "escape", write: "1" } });
    // 2 spent: the minted key (no quota) refills the capped one.
    const child = minted.status === 200 ? (minted.json!.apikey as string) : undefined;
    if (child) await call("PATCH", `/api/${token.id}`, { token: child, body: { quota_remaining: 3, rate_limit_per_minute: null } });
    await flushQuotaSpends();
    const row = await db.apiToken.findUniqueOrThrow({
      where: { id: token.id },
      select: { quota: true, quotaRemaining: true, rateLimitPerMinute: true },
    });

    // Either minting an uncapped key is refused, or at least the capped token's limits did not move.
    expect.soft(minted.status, "a capped token minted a key without its limits").not.toBe(200);
    expect.soft(row.rateLimitPerMinute).toBe(5);
    expect(row.quotaRemaining).toBeLessThan(3);
  });

  it("two capped keys cannot refill each other", async () => {
    const owner = await makeUser();
    const make = async (name: string) => {
      const created = await createToken(owner, { name, scope: "WRITE", quota: 2 }, TEST_CONTEXT);
      if (!created.ok) throw new Error(created.reason);
      return created;
    };
    const a = await make("capped-a");
    const b = await make("capped-b");
    const refillB = await call("PATCH", `/api/${b.token.id}`, { token: a.secret, body: { quota_remaining: 2 } });
    const refillA = await call("PATCH", `/api/${a.token.id}`, { token: b.secret, body: { quota_remaining: 2 } });
    expect.soft(refillB.status).toBe(403);
    expect.soft(refillA.status).toBe(403);
    expect(refillA.json).toMatchObject({ errors: [{ code: "forbidden_refill" }] });
  });
});
