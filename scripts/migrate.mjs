// Applies prisma/migrations to the configured SQLite database (`npm run db:migrate`, and at
// every `npm start`). Idempotent: Prisma records what it has applied.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { databaseFile, databaseUrl, ensurePrivateDir, loadDotEnv, makeDatabasePrivate } from "../lib/server/config.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function migrate({ quiet = false } = {}) {
  const file = databaseFile();
  ensurePrivateDir(path.dirname(file));
  makeDatabasePrivate(file);
  // WAL lets readers proceed while one request writes; it is a property of the file, set once.
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.close();
  makeDatabasePrivate(file);

  const prisma = path.join(root, "node_modules", "prisma", "build", "index.js");
  const result = spawnSync(process.execPath, [prisma, "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(), PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error("database migration failed");
  }
  if (!quiet) {
    const summary = result.stdout
      .split("\n")
      .filter((line) => /migration/i.test(line))
      .at(-1)
      ?.trim();
    console.log(`[migrate] ${path.relative(process.cwd(), file)}: ${summary ?? "up to date"}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  loadDotEnv();
  migrate();
}
