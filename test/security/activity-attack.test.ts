import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000";
});

import { tokenRequests } from "@/lib/dal/activity";
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
