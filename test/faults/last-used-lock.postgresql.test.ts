import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { flushTokenUses } from "@/lib/dal/last-used";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// A session (an operator's psql, a paused instance) holding a lock on the tokens' table: the
// last-used batch, written once a second, used to wait on it without limit, a new batch each
// second, each holding one of the API's read connections, until after ten every API request
// waited too, while /readyz stayed green. Now a batch waits 1 s for the lock, one batch at a
// time, and what it carried waits for the next one.

let holder: pg.Client | undefined;
afterEach(async () => {
  await holder?.query("ROLLBACK").catch(() => {});
  await holder?.end();
  holder = undefined;
});

describe("a session holding the tokens' table", () => {
  it("does not take the API's connections: every request is served while it holds, and the last uses are written after", async () => {
    const owner = await makeUser();
    const tokens: Array<Awaited<ReturnType<typeof makeToken>>> = [];
    for (let i = 0; i < 12; i++) tokens.push(await makeToken(owner, `held-${i}`, "READ_ONLY"));

    holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    await holder.query('BEGIN; LOCK TABLE "ApiToken" IN SHARE MODE');

    // One new token's use a second: a batch to write each second, each meeting the lock.
    const statuses: number[] = [];
    for (const { secret } of tokens) {
      const started = performance.now();
      statuses.push((await call("GET", "/account/info", { token: secret })).status);
      expect(performance.now() - started).toBeLessThan(3_000);
      await new Promise((resolve) => setTimeout(resolve, 1_050));
    }
    expect(statuses).toEqual(tokens.map(() => 200));

    await holder.query("ROLLBACK");
    await flushTokenUses();
    await expect
      .poll(async () => db.apiToken.count({ where: { id: { in: tokens.map((t) => t.token.id) }, lastUsedAt: { not: null } } }), {
        timeout: 10_000,
      })
      .toBe(tokens.length);
  }, 60_000);
});
