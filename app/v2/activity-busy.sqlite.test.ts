import { describe, expect, it } from "vitest";
import { flushActivity } from "@/lib/dal/activity";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// SQLite's write lock, held by another process (a backup, a long migration): activity waits for
// a later flush, answers every request meanwhile, and loses no count.

describe("activity, with the database busy", () => {
  it("keeps what it counted for the next flush, and then writes it all once", async () => {
    const { secret, token } = await makeToken(await makeUser(), "busy-activity", "READ_ONLY");
    const { default: Database } = await import("better-sqlite3");
    const { databaseFile } = await import("@/lib/server/config.mjs");
    const other = new Database(databaseFile());
    other.prepare("BEGIN IMMEDIATE").run();
    try {
      for (let i = 0; i < 3; i++) expect((await call("GET", "/api", { token: secret })).status).toBe(200);
      const started = performance.now();
      await flushActivity();
      expect(performance.now() - started).toBeLessThan(2_000);
      expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
      await flushActivity();
    } finally {
      other.prepare("COMMIT").run();
      other.close();
    }
    expect(await db.tokenRequest.count({ where: { tokenId: token.id } })).toBe(0);
    await flushActivity();
    const ok = await db.tokenUsage.findFirst({ where: { tokenId: token.id, span: "h", dimension: "outcome", value: "ok" } });
    expect(ok?.count).toBe(4);
    expect(await db.tokenRequest.count({ where: { tokenId: token.id } })).toBe(4);
  });
});
