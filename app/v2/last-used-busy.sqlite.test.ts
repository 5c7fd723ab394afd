import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { flushTokenUses } from "@/lib/dal/last-used";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// SQLite's write lock, held by another process: a case of the embedded database alone (on
// PostgreSQL a writer locks rows, not the database).

async function freshToken(label: string) {
  return makeToken(await makeUser(), label, "READ_ONLY");
}

const storedLastUsed = async (id: string) =>
  (await db.apiToken.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } })).lastUsedAt?.getTime() ?? null;

describe("last used, with the database busy", () => {
  it("waits for the next flush without blocking anything, and is then written", async () => {
    const { secret, token } = await freshToken("busy-last-used");
    // Another writer holds the write lock, as a backup or a long migration might.
    const { default: Database } = await import("better-sqlite3");
    const { databaseFile } = await import("@/lib/server/config.mjs");
    const other = new Database(databaseFile());
    other.prepare("BEGIN IMMEDIATE").run();
    try {
      const started = performance.now();
      expect((await call("GET", "/api", { token: secret })).status).toBe(200);
      await flushTokenUses();
      expect(performance.now() - started).toBeLessThan(5_000); // no 10-second busy wait, as before
      expect(await storedLastUsed(token.id)).toBeNull();
    } finally {
      other.prepare("COMMIT").run();
      other.close();
    }
    await flushTokenUses();
    expect(await storedLastUsed(token.id)).not.toBeNull();
  });
});
