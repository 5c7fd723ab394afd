import { describe, expect, it } from "vitest";
import { temporaryFailure } from "@/lib/server/busy";
import { db, writeTransaction, type Tx } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";
import { onServer } from "@/test/postgres";

// A connection to PostgreSQL lost under a request, for real: the server terminates the app's
// own backend in the middle of a write (PostgreSQL only: vitest.config.mts runs
// *.postgresql.test.ts there). test/faults/connection-lost.test.ts has the classification.

/** A write transaction whose own connection the server terminates before `then` runs in it. */
async function loseConnectionIn(then: (tx: Tx) => Promise<unknown>, userId: string) {
  return writeTransaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      await onServer(`SELECT pg_terminate_backend(${Number(row!.pid)})`);
      await then(tx);
    },
    { lock: ["user", userId] },
  ).catch((error: unknown) => error);
}

/** `promise`, or a failure naming what hung if it has not settled within `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)),
  ]);
}

describe("a lost PostgreSQL connection, for real", () => {
  it("in the middle of a write is answered as unavailable, and the next write goes through", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "kept", "WRITE");
    const lost = await loseConnectionIn((tx) => tx.apiToken.delete({ where: { id: token.id } }), owner.id);
    console.info(`a write whose connection was lost fails with: ${String(lost).split("\n").pop()}`);
    expect(lost).toBeInstanceOf(Error);
    expect(temporaryFailure(lost)).toMatchObject({ kind: "unavailable" });
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(1); // nothing half-done

    // Every connection of the app's pools cut while idle: the next request gets new ones.
    await onServer(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${new URL(process.env.DATABASE_URL!).pathname.slice(1)}'`,
    );
    const answer = await call("DELETE", `/api/${token.id}/delete`, { token: secret });
    expect([200, 503]).toContain(answer.status);
    if (answer.status === 503) expect((await call("DELETE", `/api/${token.id}/delete`, { token: secret })).status).toBe(200);
  });

  it("inside a transaction, many times over, never costs the pool a connection: writes still answer", async () => {
    const owner = await makeUser();
    // More losses than the pool has connections (10): each used to keep one checked out for good.
    for (let i = 0; i < 12; i++) {
      const lost = await within(
        5_000,
        `lost transaction ${i}`,
        loseConnectionIn(async () => {}, owner.id),
      );
      expect(temporaryFailure(lost)).toMatchObject({ kind: "unavailable" });
    }
    const started = performance.now();
    await within(3_000, "the write after them", makeToken(owner, "after the losses", "READ_ONLY"));
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
