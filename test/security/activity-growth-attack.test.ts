import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "5";
});

import { flushActivity } from "@/lib/dal/activity";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// Every request of a known token is counted by client (its User-Agent, described) and address,
// refused ones included: rate-limited and expired. A token past its rate limit, sending each
// request with a User-Agent of its own ("bot-1/1", "bot-2/1", ...) or from an address of its own
// (an IPv6 /64 holds 2^64), writes two TokenUsage rows (hour and day) per request, kept 90 days:
// the database grows at the rate the client can send, whatever the token's limits.
describe("activity's top lists", () => {
  it("do not grow a row per distinct User-Agent, past the token's rate limit", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "spray", "READ_ONLY");
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const answer = await call("GET", "/account/info", { token: secret, headers: { "user-agent": `bot-${i}/1.0` } });
      statuses.add(answer.status);
    }
    expect(statuses).toContain(429);
    await flushActivity();
    const rows = await db.tokenUsage.count({ where: { tokenId: token.id, dimension: "client" } });
    // A top five is shown: a bounded number of distinct values per bucket is plenty.
    expect(rows, "a row per distinct client").toBeLessThanOrEqual(2 * 100);
  });
});
