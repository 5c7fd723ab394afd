import { afterEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "6";
  process.env.ACTIVITY_REQUESTS_KEPT = "8";
});

import { noCounts, type OutcomeCounts } from "@/lib/activity";
import { flushActivity, pruneActivity, tokenUsage } from "@/lib/dal/activity";
import { fastSql } from "@/lib/dal/sql";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// What each token did: every request a known token makes through /v2 is counted by outcome (and
// permission, status class, address and client) and logged, in batches; read back through
// GET /v2/api/{id}/usage and /requests with the owner's token.

afterEach(() => vi.restoreAllMocks());

const HOUR = 3_600_000;

async function setUp() {
  const owner = await makeUser();
  const reader = await makeToken(owner, "reader", "READ_ONLY");
  const writer = await makeToken(owner, "writer", "WRITE");
  return { owner, reader, writer };
}

const usageOf = async (secret: string, id: string, window = "24h") => {
  const answer = await call("GET", `/api/${id}/usage`, { token: secret, query: `?window=${window}` });
  expect(answer.status).toBe(200);
  return answer.json as {
    total: number;
    totals: OutcomeCounts;
    buckets: Array<{ start: string; counts: OutcomeCounts }>;
    top: Record<string, unknown>;
  };
};

describe("activity", () => {
  it("counts each request by outcome, as made, refusals included, and logs it without its query", async () => {
    const { reader, writer } = await setUp();
    const id = reader.token.id;
    // Two allowed, one refused for its permission (a Read-Only key editing), one from outside its allowed IPs.
    expect((await call("GET", "/api", { token: reader.secret, ip: "203.0.113.9", query: "?page=2&note=private" })).status).toBe(200);
    expect(
      (await call("GET", "/account/info", { token: reader.secret, ip: "203.0.113.9", headers: { "user-agent": "curl/8.5.0" } })).status,
    ).toBe(200);
    expect((await call("PATCH", `/api/${id}`, { token: reader.secret, body: { description: "x" } })).status).toBe(403);
    await db.apiToken.update({ where: { id }, data: { allowedIps: "198.51.100.0/24" } });
    expect((await call("GET", "/api", { token: reader.secret, ip: "203.0.113.9" })).status).toBe(403);
    await db.apiToken.update({ where: { id }, data: { allowedIps: "" } });
    // Nothing is written until the flush: no write per request.
    expect(await db.tokenRequest.count({ where: { tokenId: id } })).toBe(0);
    await flushActivity();

    const usage = await usageOf(writer.secret, id);
    expect(usage.totals).toEqual({ ...noCounts(), ok: 2, denied_permission: 1, denied_address: 1 });
    expect(usage.total).toBe(4);
    expect(usage.buckets).toHaveLength(24);
    expect(usage.buckets.at(-1)!.counts).toEqual(usage.totals);
    expect(usage.top).toMatchObject({
      permission: expect.arrayContaining([
        { value: "api_keys:read", count: 2 },
        { value: "api_keys:write", count: 1 },
      ]),
      status: expect.arrayContaining([
        { value: "2xx", count: 2 },
        { value: "4xx", count: 2 },
      ]),
      address: expect.arrayContaining([{ value: "203.0.113.9", count: 3 }]),
      client: expect.arrayContaining([{ value: "curl 8.5.0", count: 1 }]),
    });

    const log = await call("GET", `/api/${id}/requests`, { token: writer.secret });
    const lines = (log.json as { requests: Array<Record<string, unknown>> }).requests;
    expect(lines.map((line) => [line.method, line.path, line.status, line.outcome])).toEqual([
      ["GET", "/v2/api", 403, "denied_address"],
      ["PATCH", `/v2/api/${id}`, 403, "denied_permission"],
      ["GET", "/v2/account/info", 200, "ok"],
      ["GET", "/v2/api", 200, "ok"],
    ]);
    expect(lines[3]).toMatchObject({ ip: "203.0.113.9", request_id: expect.any(String) });
    // Never a secret, never a query string, anywhere in what is stored.
    const stored = JSON.stringify([await db.tokenRequest.findMany(), await db.tokenUsage.findMany()]);
    for (const secret of [reader.secret, writer.secret]) expect(stored).not.toContain(secret);
    expect(stored).not.toContain("private");
    expect(stored).not.toContain("?");
  });

  it("counts rate-limited and expired requests, and not those of no known token", async () => {
    const { reader, writer } = await setUp();
    const id = reader.token.id;
    for (let i = 0; i < 8; i++) await call("GET", "/account/info", { token: reader.secret });
    await call("GET", "/account/info", { token: "tkc_not_a_real_token" });
    await db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call("GET", "/account/info", { token: reader.secret })).status).toBe(401);
    await flushActivity();
    const usage = await usageOf(writer.secret, id);
    expect(usage.totals).toEqual({ ...noCounts(), ok: 6, rate_limited: 2, expired: 1 });
    // Every token together (the admin Overview) holds these too.
    const all = await db.tokenUsage.aggregate({ where: { tokenId: "", span: "h", dimension: "outcome" }, _sum: { count: true } });
    expect(all._sum.count).toBeGreaterThanOrEqual(9);
  });

  it("adds up what several instances wrote, and keeps each token's newest lines only", async () => {
    const { reader, writer } = await setUp();
    const id = reader.token.id;
    const start = new Date(Date.now() - (Date.now() % HOUR));
    // Two instances' flushes of the same bucket, one after the other: the counts add up.
    const count = (n: number) => ({ tokenId: id, span: "h" as const, start, dimension: "outcome", value: "ok", count: n });
    await Promise.all([fastSql.addActivity([count(3)], [], 8), fastSql.addActivity([count(4)], [], 8)]);
    expect((await usageOf(writer.secret, id)).totals.ok).toBe(7);

    // ACTIVITY_REQUESTS_KEPT is 8 here: twelve requests keep the last eight.
    const clock = vi.spyOn(Date, "now");
    const now = Date.now();
    for (let i = 0; i < 12; i++) {
      clock.mockReturnValue(now + i * 61_000); // a minute apart: the per-minute limit (6) never bites
      await call("GET", "/account/info", { token: reader.secret, headers: { "x-request-id": `r-${i}` } });
      if (i === 5) await flushActivity();
    }
    await flushActivity();
    clock.mockRestore();
    const lines = await db.tokenRequest.findMany({ where: { tokenId: id }, orderBy: { at: "desc" } });
    expect(lines).toHaveLength(8);
    expect(lines[0]!.at.getTime()).toBe(now + 11 * 61_000);
    expect(lines[7]!.at.getTime()).toBe(now + 4 * 61_000);
  });

  it("pages the log newest first, filters it by outcome, and refuses bad queries with 400", async () => {
    const { owner, reader, writer } = await setUp();
    const id = reader.token.id;
    for (let i = 0; i < 3; i++) await call("GET", "/account/info", { token: reader.secret });
    await call("PATCH", `/api/${id}`, { token: reader.secret, body: { description: "x" } });
    await flushActivity();
    const first = await call("GET", `/api/${id}/requests`, { token: writer.secret, query: "?limit=2" });
    const page = first.json as { requests: Array<{ at: string; id: string; outcome: string }>; next: string };
    expect(page.requests).toHaveLength(2);
    expect(page.next).toEqual(expect.any(String));
    const second = await call("GET", `/api/${id}/requests`, {
      token: writer.secret,
      query: `?limit=2&cursor=${encodeURIComponent(page.next)}`,
    });
    const rest = second.json as { requests: Array<{ id: string }>; next: string | null };
    expect(rest.requests).toHaveLength(2);
    expect(rest.next).toBeNull();
    expect(new Set([...page.requests, ...rest.requests].map((line) => line.id)).size).toBe(4);

    const refused = await call("GET", `/api/${id}/requests`, { token: writer.secret, query: "?outcome=denied_permission" });
    expect((refused.json as { requests: unknown[] }).requests).toHaveLength(1);

    // This file allows 6 requests per key per minute: a fresh key for each.
    const bad = ["?outcome=nope", "?limit=0", "?limit=101", "?limit=abc", "?cursor=2026-01-01T00:00:00.000Z~..", "?cursor=junk"];
    for (const [i, query] of bad.entries()) {
      const asker = await makeToken(owner, `asker-${i}`, "READ_ONLY");
      const answer = await call("GET", `/api/${id}/requests`, { token: asker.secret, query });
      expect(answer.status, query).toBe(400);
      expect(answer.json).toMatchObject({ errors: [{ code: "invalid_input" }] });
    }
    const asker = await makeToken(owner, "asker-window", "READ_ONLY");
    expect((await call("GET", `/api/${id}/usage`, { token: asker.secret, query: "?window=1y" })).status).toBe(400);

    // Another user's key reads as a missing one, on both.
    const stranger = await makeToken(await makeUser(), "stranger", "READ_ONLY");
    for (const path of [`/api/${id}/usage`, `/api/${id}/requests`]) {
      expect((await call("GET", path, { token: stranger.secret })).status).toBe(404);
      expect((await call("GET", path, { token: asker.secret })).status).toBe(200);
    }
    expect(await tokenUsage(owner, "missing", "7d")).toBeNull();
  });

  it("prunes buckets and log lines past their retention", async () => {
    const { reader } = await setUp();
    const id = reader.token.id;
    const now = Date.now();
    const row = (span: "m" | "h" | "d", ageMs: number) => ({
      tokenId: id,
      span,
      start: new Date(now - ageMs),
      dimension: "outcome",
      value: "ok",
      count: 1,
    });
    const line = (suffix: string, ageMs: number) => ({
      id: `prune${suffix}`,
      tokenId: id,
      at: new Date(now - ageMs),
      method: "GET",
      path: "/v2/api",
      status: 200,
      outcome: "ok",
      ip: "203.0.113.1",
      client: "curl 8.5.0",
      requestId: suffix,
    });
    await fastSql.addActivity(
      [row("m", 47 * HOUR), row("m", 49 * HOUR), row("h", 89 * 24 * HOUR), row("h", 91 * 24 * HOUR), row("d", 91 * 24 * HOUR)],
      [line("new", 89 * 24 * HOUR), line("old", 91 * 24 * HOUR)],
      8,
    );
    const pruned = await pruneActivity(now, 1);
    expect(pruned).toEqual({ buckets: 3, requests: 1 });
    const kept = await db.tokenUsage.findMany({ where: { tokenId: id }, select: { span: true } });
    expect(kept.map((k) => k.span).sort()).toEqual(["h", "m"]);
    expect((await db.tokenRequest.findMany({ where: { tokenId: id } })).map((l) => l.id)).toEqual(["prunenew"]);
  });
});
