import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

// One COMMIT that cannot be written (a full disk; here the write-ahead log made immutable for
// a moment, which SQLite reports as SQLITE_IOERR_WRITE at COMMIT) used to leave Prisma's
// SQLite adapter holding its transaction mutex: every later write waited forever, while reads
// and /readyz stayed green. The database's own files, a real fault, no mock.

vi.hoisted(() => {
  process.env.DATABASE_BUSY_TIMEOUT_MS = "300";
});

import { databaseHealth, db, writeProbe, writeTransaction } from "@/lib/server/db";
import { temporaryFailure } from "@/lib/server/busy";
import { databaseFile } from "@/lib/server/config.mjs";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

/** Whether this machine lets us set the immutable attribute (root, on a file system with it). */
function canMakeImmutable(): boolean {
  const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tc-chattr-")), "probe");
  fs.writeFileSync(probe, "");
  try {
    execFileSync("chattr", ["+i", probe], { stdio: "ignore" });
    execFileSync("chattr", ["-i", probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  }
}

const wal = () => `${databaseFile()}-wal`;
const immutable = (on: boolean) => execFileSync("chattr", [on ? "+i" : "-i", wal()]);
afterEach(() => {
  if (fs.existsSync(wal())) execFileSync("chattr", ["-i", wal()], { stdio: "ignore" });
});

/** `promise`, or a failure naming what hung if it has not settled within `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)),
  ]);
}

async function twoTokens() {
  const owner = await makeUser();
  return [await makeToken(owner, "first", "WRITE"), await makeToken(owner, "second", "WRITE")] as const;
}

describe("a COMMIT that fails on I/O", () => {
  it.skipIf(!canMakeImmutable())("answers 503 with Retry-After, and the next write goes through at once", async () => {
    const [first, second] = await twoTokens();
    expect(fs.existsSync(wal())).toBe(true);

    immutable(true);
    const failed = await within(
      3_000,
      "the write whose COMMIT fails",
      call("DELETE", `/api/${first.token.id}/delete`, { token: first.secret }),
    );
    immutable(false);
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("5");
    expect(databaseHealth().state).toBe("failed");

    // Nothing of the failed write was kept: the token still opens the API.
    expect((await call("GET", "/account/info", { token: first.secret })).status).toBe(200);

    const started = performance.now();
    const next = await within(3_000, "the next write", call("DELETE", `/api/${second.token.id}/delete`, { token: second.secret }));
    expect(next.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(databaseHealth().state).toBe("ok");
    // The first delete, retried, goes through too; the tokens are gone.
    expect((await within(3_000, "the retry", call("DELETE", `/api/${first.token.id}/delete`, { token: first.secret }))).status).toBe(200);
    expect(await db.apiToken.count({ where: { id: { in: [first.token.id, second.token.id] } } })).toBe(0);
  });
});

describe("a disk that takes no more writes", () => {
  it.skipIf(!canMakeImmutable())("fails the write probe too, so /readyz does not stay green while every write fails", async () => {
    await twoTokens();
    expect(await within(3_000, "the probe before", writeProbe({ timeoutMs: 1_000 }))).toMatchObject({ state: "ok" });
    immutable(true);
    try {
      // The probe writes a row, as users' writes do: an empty transaction would still pass here.
      expect(await within(3_000, "the probe", writeProbe({ timeoutMs: 1_000 }))).toMatchObject({ state: "failed" });
      expect(await within(3_000, "the probe again", writeProbe({ timeoutMs: 1_000 }))).toMatchObject({ state: "failed" });
      expect(databaseHealth().state).toBe("failed");
    } finally {
      immutable(false);
    }
    expect(await within(3_000, "the probe after", writeProbe({ timeoutMs: 1_000 }))).toMatchObject({ state: "ok" });
    expect(databaseHealth().state).toBe("ok");
  });
});

describe("a write transaction that never ends", () => {
  it("fails busy (503-kind) at its deadline, and the writes after it go through", async () => {
    const [first] = await twoTokens();
    const stuck = writeTransaction(() => new Promise<never>(() => {}), { deadlineMs: 800 });
    const error = await within(
      3_000,
      "the stuck write",
      stuck.catch((caught: unknown) => caught),
    );
    expect(temporaryFailure(error)).toMatchObject({ kind: "busy" });
    expect(databaseHealth().state).toBe("failed");
    const next = await within(3_000, "the next write", call("DELETE", `/api/${first.token.id}/delete`, { token: first.secret }));
    expect(next.status).toBe(200);
    expect(databaseHealth().state).toBe("ok");
  });

  it("is seen by the write probe while it holds the writes up; the probe's recovery frees them", async () => {
    await makeUser();
    // Holds Prisma's transaction mutex and SQLite's write lock, as a COMMIT that failed did.
    const stuck = writeTransaction(() => new Promise<never>(() => {}), { deadlineMs: 3_000 }).catch((caught: unknown) => caught);
    const probe = await within(3_000, "the probe", writeProbe({ timeoutMs: 500 }));
    expect(probe).toMatchObject({ state: "failed" });
    expect(probe.ms).toBeLessThan(1_500);
    expect(databaseHealth().state).toBe("failed");
    expect(await within(3_000, "the next probe", writeProbe({ timeoutMs: 1_000 }))).toMatchObject({ state: "ok" });
    expect(databaseHealth().state).toBe("ok");
    expect(temporaryFailure(await within(5_000, "the stuck write", stuck))).not.toBeNull();
    expect(databaseHealth().state).toBe("ok"); // the replaced client's late end is no news
  });
});
