import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { TS_CLI } from "@/test/fixtures";

/** `npm run seed -- ...`, exactly as package.json runs it, on this test file's database (or another). */
function seed(...args: string[]) {
  return seedOn(process.env, ...args);
}
function seedOn(env: NodeJS.ProcessEnv, ...args: string[]) {
  const result = spawnSync(process.execPath, [...TS_CLI, "scripts/seed.ts", ...args], { env, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, out: `${result.stdout}${result.stderr}`.trim() };
}

describe("npm run seed -- --demo", () => {
  it("fills an empty database with people, tokens of every scope made over weeks, and their audit trail", async () => {
    const result = seed("--demo");
    expect(result.out).toMatch(/^Seeded 5 people and \d+ tokens/);
    expect(result.status).toBe(0);
    expect(await db.user.count()).toBe(5);
    expect(await db.user.findFirstOrThrow({ where: { email: "maya@example.com" }, select: { role: true } })).toEqual({ role: "ADMIN" });
    const tokens = await db.apiToken.findMany({ select: { scope: true, createdAt: true, lastUsedAt: true } });
    expect(tokens.length).toBeGreaterThanOrEqual(30);
    expect(new Set(tokens.map((t) => t.scope))).toEqual(new Set(["READ_ONLY", "WRITE", "CUSTOM"]));
    const ages = tokens.map((t) => (Date.now() - t.createdAt.getTime()) / 86_400_000);
    expect(Math.max(...ages)).toBeGreaterThan(14);
    expect(tokens.some((t) => t.lastUsedAt && Date.now() - t.lastUsedAt.getTime() < 7 * 86_400_000)).toBe(true);
    const actions = new Set((await db.auditEvent.findMany({ select: { action: true } })).map((e) => e.action));
    for (const action of [
      "user.signed_up",
      "user.login_succeeded",
      "user.login_failed",
      "token.created",
      "token.deleted",
      "token.revoked_by_admin",
      "api.denied",
    ]) {
      expect(actions, action).toContain(action);
    }
    // Every created token has its event, dated when the token was made.
    const created = await db.auditEvent.count({ where: { action: "token.created" } });
    expect(created).toBe(
      tokens.length + (await db.auditEvent.count({ where: { action: { in: ["token.deleted", "token.revoked_by_admin"] } } })),
    );
  });

  it("refuses a database that holds accounts (with --force, accounts it would make again); and bad usage", async () => {
    expect(seed("--demo")).toMatchObject({ status: 1, out: expect.stringContaining("Refused: this database already holds accounts") });
    expect(seed()).toMatchObject({ status: 2, out: expect.stringContaining("Usage: npm run seed -- --demo") });
    expect(seed("--demo", "--force")).toMatchObject({ status: 1, out: expect.stringContaining("already has an account here") });
    expect(seed("--demo", "--bogus")).toMatchObject({
      status: 2,
      out: expect.stringMatching(/Unknown option '--bogus'.*\nUsage: npm run seed/s),
    });
  });

  // Issue 22: `--help` failed with "Unknown option", and a fresh clone had no database to seed.
  it("--help prints the usage on standard output and exits 0", () => {
    for (const flag of ["--help", "-h"]) {
      const result = seed(flag);
      expect(result.status, flag).toBe(0);
      expect(result.stdout).toMatch(/^Usage: npm run seed -- --demo \[--force\]\n/);
      expect(result.stdout).toContain("--help");
    }
  });

  it("migrates a database that does not exist yet, then seeds it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-seed-"));
    const file = path.join(dir, "fresh.db");
    const result = seedOn({ ...process.env, DATABASE_URL: `file:${file}`, DATA_DIR: dir }, "--demo");
    expect(result.out).toMatch(/^Seeded 5 people and \d+ tokens/);
    expect(result.status).toBe(0);
    expect(result.out).toContain(file);
  });
});
