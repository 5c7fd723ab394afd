import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "20";
});

import { db } from "@/lib/server/db";
import { flushQuotaSpends } from "@/lib/dal/quota-spends";
import { updateToken } from "@/lib/dal/token-lifecycle";
import { createToken } from "@/lib/dal/tokens";
import type { SessionUser } from "@/lib/dal/users";
import { call } from "@/test/api-client";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// A token's own limits, end to end through the real routes and database: its rate limit, its
// quota counting down and refused with usage_exceeded, the owner's refill, and what is refused.
// This file's installation allows 20 requests per token per minute; no Redis here (the counts
// are this process's; lib/server/quota.redis.test.ts has two instances on a real Redis).

async function limited(owner: SessionUser, name: string, limits: { rateLimitPerMinute?: number; quota?: number }) {
  const created = await createToken(owner, { name, scope: "WRITE", ...limits }, TEST_CONTEXT);
  if (!created.ok) throw new Error(created.reason);
  return created;
}
const stored = (id: string) =>
  db.apiToken.findUniqueOrThrow({ where: { id }, select: { rateLimitPerMinute: true, quota: true, quotaRemaining: true } });
const usageExceeded = {
  status: "error",
  message: expect.stringContaining("used its whole quota"),
  errors: [{ code: "usage_exceeded", message: expect.stringContaining("Its owner can refill it in the console") }],
};

describe("a token's own rate limit", () => {
  it("is set through the API, shown on every key, and refuses the request past its own number", async () => {
    const owner = await makeUser();
    const { secret: manager } = await makeToken(owner, "manager", "WRITE");
    const made = await call("POST", "/api/generate", { token: manager, body: { name: "slow", write: "on", rate_limit_per_minute: 3 } });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ rate_limit_per_minute: 3, quota: null, quota_remaining: null });
    const slow = made.json!.apikey as string;

    for (let i = 0; i < 3; i++) expect((await call("GET", "/account/info", { token: slow })).status).toBe(200);
    const refused = await call("GET", "/account/info", { token: slow });
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({
      errors: [{ code: "rate_limited", message: "Too many requests with this API token. Retry later." }],
    });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another token of the same owner is not held back, and the listing shows the limit.
    const listed = await call("GET", "/api", { token: manager });
    expect(listed.status).toBe(200);
    const items = listed.json!.api as Array<Record<string, unknown>>;
    expect(items.find((item) => item.name === "slow")).toMatchObject({ rate_limit_per_minute: 3, quota: null, quota_remaining: null });
    expect(items.find((item) => item.name === "manager")).toMatchObject({ rate_limit_per_minute: null });
  });

  it("is never above the installation's: a token without one gets the installation's 20", async () => {
    const owner = await makeUser();
    const { secret } = await makeToken(owner, "plain", "READ_ONLY");
    for (let i = 0; i < 20; i++) expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
    expect((await call("GET", "/account/info", { token: secret })).status).toBe(429);
  });
});

describe("a token's quota", () => {
  it("counts down with each request allowed, refuses with usage_exceeded once spent, and is written back in a batch", async () => {
    const owner = await makeUser();
    const { secret, token } = await limited(owner, "metered", { quota: 3 });
    expect(await stored(token.id)).toEqual({ rateLimitPerMinute: null, quota: 3, quotaRemaining: 3 });

    for (let i = 0; i < 3; i++) expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
    // Counted in memory: no write per request.
    expect((await stored(token.id)).quotaRemaining).toBe(3);
    const spent = await call("GET", "/account/info", { token: secret });
    expect(spent.status).toBe(429);
    expect(spent.json).toEqual(usageExceeded);
    expect(spent.headers.get("retry-after")).toBeNull();
    await flushQuotaSpends();
    expect((await stored(token.id)).quotaRemaining).toBe(0);
  });

  it("is spent only by requests that pass every other check", async () => {
    const owner = await makeUser();
    const created = await createToken(owner, { name: "reader", scope: "READ_ONLY", quota: 2 }, TEST_CONTEXT);
    if (!created.ok) throw new Error(created.reason);
    // A write route refuses a Read-Only token: 403, and nothing spent.
    for (let i = 0; i < 3; i++)
      expect((await call("POST", "/api/generate", { token: created.secret, body: { name: `x${i}` } })).status).toBe(403);
    expect((await call("GET", "/account/info", { token: created.secret })).status).toBe(200);
    expect((await call("GET", "/account/info", { token: created.secret })).status).toBe(200);
    expect((await call("GET", "/account/info", { token: created.secret })).status).toBe(429);
  });

  it("is refilled by its owner at once: with another of their keys, or in the console; a new quota starts full", async () => {
    const owner = await makeUser();
    const { secret: manager } = await makeToken(owner, "manager", "WRITE");
    const { secret, token } = await limited(owner, "metered", { quota: 2 });
    const spend = async (n: number) => {
      for (let i = 0; i < n; i++) expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
      expect((await call("GET", "/account/info", { token: secret })).json).toEqual(usageExceeded);
    };
    await spend(2);

    // Another of the owner's keys refills it: the very next request is allowed.
    const refilled = await call("PATCH", `/api/${token.id}`, { token: manager, body: { quota_remaining: 2 } });
    expect(refilled.status).toBe(200);
    expect(refilled.json).toMatchObject({ quota: 2, quota_remaining: 2, message: "API key has been updated" });
    await spend(2);
    await flushQuotaSpends();
    // What was spent before the refill is not taken from it; what was spent after is.
    expect(await stored(token.id)).toMatchObject({ quota: 2, quotaRemaining: 0 });

    // The console's Edit (the DAL, as its action calls it): a new quota starts full.
    const edited = await updateToken(owner, token.id, { quota: 5 }, TEST_CONTEXT);
    expect(edited).toMatchObject({ ok: true, changed: true, token: { quota: 5, quotaRemaining: 5 } });
    await spend(5);

    const events = await db.auditEvent.findMany({
      where: { action: "token.updated", targetTokenId: token.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => event.detail)).toEqual([
      "quota: 0 of 2 left → 2 of 2 left (refilled)",
      "quota: 0 of 2 left → 5 of 5 left (refilled)",
    ]);
    expect(events[0]!.actorTokenId).not.toBeNull();

    // No quota any more: no limit but the rate limit.
    await updateToken(owner, token.id, { quota: null }, TEST_CONTEXT);
    expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
    expect(await stored(token.id)).toMatchObject({ quota: null, quotaRemaining: null });
  });

  it("cannot be refilled by the token itself, nor by anyone but its owner", async () => {
    const owner = await makeUser();
    const { secret, token } = await limited(owner, "self-refiller", { quota: 1, rateLimitPerMinute: 10 });
    expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
    for (const body of [{ quota_remaining: 1 }, { quota: 100 }, { quota: null }, { rate_limit_per_minute: 20 }]) {
      // Its quota is spent, so the refusal it gets is usage_exceeded... which a PATCH of itself cannot lift either.
      const refused = await call("PATCH", `/api/${token.id}`, { token: secret, body });
      expect(refused.status).toBe(429);
    }
    // While it still has some left, the attempt itself is the 403.
    const other = await limited(owner, "self-refiller-2", { quota: 10 });
    for (const body of [{ quota_remaining: 10 }, { quota: 100 }, { quota: null }, { rate_limit_per_minute: 20, name: "x" }]) {
      const refused = await call("PATCH", `/api/${other.token.id}`, { token: other.secret, body });
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({
        errors: [{ code: "forbidden_refill", message: expect.stringContaining("cannot refill its own quota") }],
      });
    }
    // Its other fields it may still edit.
    expect((await call("PATCH", `/api/${other.token.id}`, { token: other.secret, body: { description: "mine" } })).status).toBe(200);
    expect(await stored(other.token.id)).toEqual({ rateLimitPerMinute: null, quota: 10, quotaRemaining: 10 });

    // An admin, or anyone else, cannot touch it: their edit finds no such key (404 through the API, not_found in the console).
    const admin = await makeAdmin();
    const { secret: adminKey } = await makeToken(admin, "admin-key", "WRITE");
    const foreign = await call("PATCH", `/api/${token.id}`, { token: adminKey, body: { quota_remaining: 1 } });
    expect(foreign.status).toBe(404);
    expect(await updateToken(admin, token.id, { quota: 50 }, TEST_CONTEXT)).toEqual({ ok: false, reason: "not_found" });
    await flushQuotaSpends();
    expect(await stored(token.id)).toEqual({ rateLimitPerMinute: 10, quota: 1, quotaRemaining: 0 });
    expect((await call("GET", "/account/info", { token: secret })).json).toEqual(usageExceeded);
    expect(await db.auditEvent.count({ where: { action: "token.updated", targetTokenId: token.id } })).toBe(0);
  });
});

describe("bad limits", () => {
  const badRateLimits = [0, -1, 21, 1.5, "5", "", true, [5], { n: 5 }];
  const badQuotas = [0, -10, 1_000_000_001, 2.5, "100", true, [1]];

  it.each(badRateLimits.map((value) => [JSON.stringify(value), value]))(
    "creation refuses rate_limit_per_minute %s with 422 naming the range, and creates nothing",
    async (_, value) => {
      const owner = await makeUser();
      const { secret } = await makeToken(owner, "maker", "WRITE");
      const refused = await call("POST", "/api/generate", { token: secret, body: { name: "limited", rate_limit_per_minute: value } });
      expect(refused.status).toBe(422);
      expect(refused.json!.message).toBe(
        "rate_limit_per_minute must be a whole number from 1 to 20 (at most the installation's limit), or null for the installation's.",
      );
      expect(await db.apiToken.count({ where: { userId: owner.id } })).toBe(1);
    },
  );

  it.each(badQuotas.map((value) => [JSON.stringify(value), value]))(
    "creation refuses quota %s with 422, and creates nothing",
    async (_, value) => {
      const owner = await makeUser();
      const { secret } = await makeToken(owner, "maker", "WRITE");
      const refused = await call("POST", "/api/generate", { token: secret, body: { name: "metered", quota: value } });
      expect(refused.status).toBe(422);
      expect(refused.json!.message).toBe("quota must be a whole number from 1 to 1,000,000,000, or null for no quota.");
      expect(await db.apiToken.count({ where: { userId: owner.id } })).toBe(1);
    },
  );

  it("an edit with a bad limit is refused with 422 and changes nothing", async () => {
    const owner = await makeUser();
    const { secret: manager } = await makeToken(owner, "manager", "WRITE");
    const { token } = await limited(owner, "target", { quota: 10, rateLimitPerMinute: 5 });
    const bodies = [
      ...badRateLimits.map((value) => ({ rate_limit_per_minute: value, name: "renamed" })),
      ...badQuotas.map((value) => ({ quota: value })),
      { quota_remaining: -1 },
      { quota_remaining: "5" },
      { quota_remaining: null },
      { quota_remaining: 11 },
      { quota: 3, quota_remaining: 4 },
    ];
    // Several managers: one would pass its 20 requests a minute.
    const managers = [manager, (await makeToken(owner, "manager-2", "WRITE")).secret];
    for (const [i, body] of bodies.entries()) {
      const refused = await call("PATCH", `/api/${token.id}`, { token: managers[i % 2], body });
      expect(refused.status, JSON.stringify(body)).toBe(422);
    }
    const none = await limited(owner, "no-quota", {});
    const noQuota = await call("PATCH", `/api/${none.token.id}`, { token: manager, body: { quota_remaining: 5 } });
    expect(noQuota.json).toMatchObject({ status: "error", message: expect.stringContaining("has no quota") });
    expect(await stored(token.id)).toEqual({ rateLimitPerMinute: 5, quota: 10, quotaRemaining: 10 });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).name).toBe("target");
    expect(await db.auditEvent.count({ where: { action: "token.updated", targetTokenId: token.id } })).toBe(0);
  });

  it("a good edit of the rate limit is audited with what changed", async () => {
    const owner = await makeUser();
    const { secret: manager } = await makeToken(owner, "manager", "WRITE");
    const { token } = await limited(owner, "target", {});
    const edited = await call("PATCH", `/api/${token.id}`, { token: manager, body: { rate_limit_per_minute: 12, quota: 1000 } });
    expect(edited.json).toMatchObject({ rate_limit_per_minute: 12, quota: 1000, quota_remaining: 1000, write: "1" });
    const back = await call("PATCH", `/api/${token.id}`, { token: manager, body: { rate_limit_per_minute: null } });
    expect(back.json).toMatchObject({ rate_limit_per_minute: null, quota: 1000 });
    const events = await db.auditEvent.findMany({
      where: { action: "token.updated", targetTokenId: token.id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => event.detail)).toEqual([
      "rate limit: the installation’s → 12 per minute; quota: none → 1,000 of 1,000 left (refilled)",
      "rate limit: 12 per minute → the installation’s",
    ]);
  });
});
