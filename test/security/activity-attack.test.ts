import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000";
});

import { flushActivity, tokenRequests } from "@/lib/dal/activity";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// A tampered cursor on the request log: one the pattern accepts, with a time PostgreSQL cannot
// hold (year 0000), reached the query and answered 500 (and threw out of the Activity panel's
// server action, which passes the cursor to the same DAL). A cursor is ours: any other is a 400.

describe("the request log's cursor", () => {
  const cursors = ["0000-01-01T00:00:00.000Z~a", "0001-01-01T00:00:00.000Z~a", "1969-12-31T23:59:59.999Z~a"];

  it.each(cursors)("GET /v2/api/{id}/requests?cursor=%s is never a 500", async (cursor) => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "reader", "READ_ONLY");
    const answer = await call("GET", `/api/${token.id}/requests`, { token: secret, query: `?cursor=${encodeURIComponent(cursor)}` });
    expect(answer.status).not.toBe(500);
    expect([200, 400]).toContain(answer.status);
  });

  it.each(cursors)("the Activity panel's DAL read does not throw on cursor %s", async (cursor) => {
    const owner = await makeUser();
    const { token } = await makeToken(owner, "reader", "READ_ONLY");
    await expect(tokenRequests(owner, token.id, { cursor })).resolves.toMatchObject({ requests: [] });
  });
});

// Every token's counts go in one transaction, and a failed batch is kept and retried whole. The
// counts are int4 on PostgreSQL: the day bucket of every token together (the Overview's row,
// tokenId "") passes 2,147,483,647 at ~25,000 requests a second, and from then on every flush
// fails, for every token, for good (the overflowing count is retried with the rest forever).
describe("the activity flush when one bucket overflows", () => {
  it("still writes the other tokens' requests", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "busy", "READ_ONLY");
    await flushActivity();
    const DAY = 86_400_000;
    const day = new Date(Date.now() - (Date.now() % DAY));
    await db.tokenUsage.upsert({
      where: { tokenId_span_start_dimension_value: { tokenId: "", span: "d", start: day, dimension: "outcome", value: "ok" } },
      create: { tokenId: "", span: "d", start: day, dimension: "outcome", value: "ok", count: 2_147_483_647 },
      update: { count: 2_147_483_647 },
    });
    try {
      expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
      await flushActivity();
      const lines = await db.tokenRequest.count({ where: { tokenId: token.id } });
      expect(lines, "one overflowing bucket kept every token's activity from being written").toBe(1);
    } finally {
      await db.tokenUsage.deleteMany({ where: { tokenId: "", span: "d", start: day } });
      await flushActivity();
    }
  });
});
