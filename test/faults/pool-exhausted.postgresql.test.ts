import { describe, expect, it } from "vitest";
import { temporaryFailure } from "@/lib/server/busy";
import { db, writeTransaction } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// Every connection of the app's Prisma pool (10) taken by work that does not finish (a burst
// on a loaded machine, slow statements): a request that needed one more used to wait without
// limit for it (a read), or end in a 500 (a write past Prisma's wait to start a transaction).
// Both are load that passes: answered "busy", 503 with Retry-After, and served once a
// connection is free. The API's hot reads have a pool of their own (lib/dal/sql/postgresql.ts).

describe("a PostgreSQL pool with every connection in use", () => {
  it("answers reads and writes busy (503, Retry-After), not 500, and serves them once a connection is free", async () => {
    const owner = await makeUser();
    const { secret } = await makeToken(owner, "pool", "WRITE");
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    // Ten writers of ten users, each holding its connection inside an open transaction.
    const holders = await Promise.all(Array.from({ length: 10 }, () => makeUser()));
    let started = 0;
    const holding = holders.map((holder) =>
      writeTransaction(
        async () => {
          started++;
          await held;
        },
        { lock: ["user", holder.id], deadlineMs: 40_000 },
      ),
    );
    await expect.poll(() => started, { timeout: 10_000 }).toBe(10);

    try {
      const read = await db.apiToken.count().catch((error: unknown) => error);
      expect(String(read)).toContain("timeout exceeded when trying to connect");
      expect(temporaryFailure(read)).toEqual({ kind: "busy", retryAfterSeconds: 1 });

      // A write through the API, with the default deadline: the pool's bounded wait (5 s) ends it.
      const write = await call("POST", "/api/generate", { token: secret, body: { name: "while full", write: "1" } });
      expect(write.status).toBe(503);
      expect(write.headers.get("retry-after")).toBe("1");
      expect(write.json).toMatchObject({ errors: [{ code: expect.any(String), message: expect.any(String) }] });
      // The list is read through the other pool: it does not wait on the writers.
      expect((await call("GET", "/api", { token: secret })).status).toBe(200);
    } finally {
      release();
      await Promise.all(holding);
    }
    expect((await call("POST", "/api/generate", { token: secret, body: { name: "after", write: "1" } })).status).toBe(200);
    expect(await db.apiToken.count({ where: { userId: owner.id } })).toBe(2);
  }, 60_000);
});
