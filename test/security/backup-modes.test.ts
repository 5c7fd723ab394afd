import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Issue 20, finding 3: `npm run backup` let SQLite create the copy 0644 and made it 0600 only
// at the end, so anyone on the machine could read password and token hashes while it was
// written; the secrets' copy took the mode of its source until the same late chmod. The script
// runs here with a preload (support/record-file-modes.mjs) that notes every mode while it writes.

const env = (dataDir: string) => ({
  ...process.env,
  DATA_DIR: dataDir,
  DATABASE_URL: "",
  AUTH_SECRET: "",
  TOKEN_PEPPER: "",
  LOG_LEVEL: "warn",
});
const node = (args: string[], dataDir: string, extra: Record<string, string> = {}) =>
  spawnSync(process.execPath, args, { env: { ...env(dataDir), ...extra }, encoding: "utf8", timeout: 120_000 });

function dataFolder() {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "backup-source-")), "data");
  const migrated = node(["--input-type=module", "-e", 'import("./scripts/migrate.mjs").then((m) => m.migrate({ quiet: true }))'], dataDir);
  expect(migrated.status).toBe(0);
  const secrets = node(["--input-type=module", "-e", 'import("./lib/server/secrets.mjs").then((m) => m.loadSecrets())'], dataDir);
  expect(secrets.status).toBe(0);
  return dataDir;
}

type Note = { moment: string; file: string; mode: number };

describe("npm run backup", () => {
  it("writes the copy and its secrets private (0600, in 0700 folders) from the first byte, not at the end", () => {
    const dataDir = dataFolder();
    // A secrets file an operator left readable: its copy must not inherit that.
    fs.chmodSync(path.join(dataDir, "secrets.json"), 0o644);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "backup-target-")), "backups", "nightly.db");
    const log = path.join(os.tmpdir(), `backup-modes-${process.pid}-${Date.now()}.jsonl`);
    const run = node(["--import", "./test/security/support/record-file-modes.mjs", "scripts/backup.mjs", file], dataDir, {
      MODE_LOG: log,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    const notes: Note[] = fs
      .readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    fs.rmSync(log);
    // The copy was seen while SQLite wrote it, and so was the secrets' copy.
    expect(notes.some((n) => n.moment === "backup" && n.file.endsWith("nightly.db"))).toBe(true);
    expect(notes.some((n) => n.file === `${file}.secrets.json`)).toBe(true);
    for (const n of notes) expect(`${n.moment} ${n.file} ${(n.mode & 0o077).toString(8)}`).toBe(`${n.moment} ${n.file} 0`);

    // What is left: the two files, 0600, and no staging folder.
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(["nightly.db", "nightly.db.secrets.json"]);
    for (const name of [file, `${file}.secrets.json`]) expect((fs.statSync(name).mode & 0o777).toString(8)).toBe("600");
  });

  it("still refuses to overwrite a backup that exists, and leaves nothing behind when it fails", () => {
    const dataDir = dataFolder();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "backup-target-"));
    const file = path.join(folder, "taken.db");
    fs.writeFileSync(file, "an older backup");
    const run = node(["scripts/backup.mjs", file], dataDir);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("already exists");
    expect(fs.readFileSync(file, "utf8")).toBe("an older backup");
    expect(fs.readdirSync(folder)).toEqual(["taken.db"]);
  });
});
