import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Finding 8: the database and its WAL were created world-readable; they hold password hashes
// and the audit log. `npm run db:migrate` (which every start runs) now makes them private.
const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

function migrateInto(dataDir: string) {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", AUTH_SECRET: "", TOKEN_PEPPER: "" };
  const result = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", 'import("./scripts/migrate.mjs").then((m) => m.migrate({ quiet: true }))'],
    { env, encoding: "utf8" },
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const secrets = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", 'import("./lib/server/secrets.mjs").then((m) => m.loadSecrets())'],
    { env, encoding: "utf8" },
  );
  expect(secrets.status).toBe(0);
}

describe("the data folder", () => {
  it("is created 0700, with the database, its WAL and the secrets 0600", () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modes-")), "data");
    migrateInto(dataDir);
    expect(mode(dataDir)).toBe("700");
    const files = fs.readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(["token-console.db", "secrets.json"]));
    for (const file of files) expect(`${file} ${mode(path.join(dataDir, file))}`).toBe(`${file} 600`);
  });

  it("tightens files an earlier version left readable by others", () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modes-")), "data");
    migrateInto(dataDir);
    for (const file of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, file), 0o644);
    migrateInto(dataDir);
    for (const file of fs.readdirSync(dataDir)) expect(`${file} ${mode(path.join(dataDir, file))}`).toBe(`${file} 600`);
  });
});
