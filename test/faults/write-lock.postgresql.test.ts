import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/lib/server/config.mjs";
import { writeLockKeys, writeTransaction } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// Another session (a paused instance, an operator's psql) holding a write lock in an open
// transaction: writes used to wait without limit for it, then end in a 500 after 11–12 s.
// Now the wait is bounded by DATABASE_BUSY_TIMEOUT_MS and answered 503 with Retry-After, and
// a lock of one user's holds up that user's writes only.

const GLOBAL_KEY = 7_290_411;
let holder: pg.Client | undefined;
afterEach(async () => {
  await holder?.query("ROLLBACK").catch(() => {});
  await holder?.end();
  holder = undefined;
});

/** A session of its own that takes `lock` in a transaction it leaves open. */
async function holdLock(sql: string, values: unknown[]) {
  holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  await holder.query("BEGIN");
  await holder.query(sql, values);
}

async function timed<T>(work: Promise<T>) {
  const started = performance.now();
  const result = await work;
  return { result, ms: performance.now() - started };
}

const bound = () => env().DATABASE_BUSY_TIMEOUT_MS + 1_500;

async function ownerWithToken(label: string) {
  const owner = await makeUser();
  return { owner, ...(await makeToken(owner, label, "WRITE")) };
}

describe("a write lock another session holds", () => {
  it("the global one: a write answers 503 with Retry-After within about DATABASE_BUSY_TIMEOUT_MS", async () => {
    const { secret, token } = await ownerWithToken("blocked");
    await holdLock("SELECT pg_advisory_xact_lock($1)", [GLOBAL_KEY]);
    const { result: answer, ms } = await timed(call("DELETE", `/api/${token.id}/delete`, { token: secret }));
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("1");
    expect(answer.json).toMatchObject({ errors: [{ code: "busy" }] });
    expect(ms).toBeGreaterThanOrEqual(env().DATABASE_BUSY_TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(bound());
    console.info(`blocked write answered 503 after ${Math.round(ms)} ms (DATABASE_BUSY_TIMEOUT_MS=${env().DATABASE_BUSY_TIMEOUT_MS})`);

    await holder!.query("COMMIT");
    expect((await call("DELETE", `/api/${token.id}/delete`, { token: secret })).status).toBe(200);
  });

  it("one user's: that user's writes wait (then 503); another user's go through at once", async () => {
    const alice = await ownerWithToken("alice's");
    const bob = await ownerWithToken("bob's");
    await holdLock("SELECT pg_advisory_xact_lock($1::int, $2::int)", writeLockKeys(["user", alice.owner.id]));

    const bobs = await timed(call("DELETE", `/api/${bob.token.id}/delete`, { token: bob.secret }));
    expect(bobs.result.status).toBe(200);
    expect(bobs.ms).toBeLessThan(500);
    const bobsOther = await makeToken(bob.owner, "another", "WRITE"); // the token cap's count and insert
    const bobsNew = await timed(call("POST", "/api/generate", { token: bobsOther.secret, body: { name: "new" } }));
    expect(bobsNew.result.status).toBe(200);
    expect(bobsNew.ms).toBeLessThan(500);

    const alices = await timed(call("DELETE", `/api/${alice.token.id}/delete`, { token: alice.secret }));
    expect(alices.result.status).toBe(503);
    expect(alices.result.headers.get("retry-after")).toBe("1");
    expect(alices.ms).toBeLessThan(bound());
  });

  it("is waited for within bounds the write sets itself: lock_timeout, and an end to a transaction left idle", async () => {
    const owner = await makeUser();
    const settings = await writeTransaction(
      // pg_settings gives both in milliseconds, however SHOW would word them.
      (tx) => tx.$queryRaw<{ lock: string; idle: string }[]>`SELECT
        (SELECT setting FROM pg_settings WHERE name = 'lock_timeout') AS "lock",
        (SELECT setting FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout') AS "idle"`,
      { lock: ["user", owner.id] },
    );
    expect(settings).toEqual([{ lock: String(env().DATABASE_BUSY_TIMEOUT_MS), idle: "30000" }]);
  });
});
