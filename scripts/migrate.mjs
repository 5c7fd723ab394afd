// Applies the migrations to the configured database (`npm run db:migrate`, and at every
// `npm start` before the server listens): prisma/migrations on SQLite, and
// prisma/postgresql/migrations on PostgreSQL.
//
// On PostgreSQL, instances starting together take turns through an advisory lock (Prisma's
// own key, so the Prisma CLI waits too), and each migration is one transaction (PostgreSQL's
// DDL is transactional). Recorded in Prisma's table, as on SQLite.
//
// Why not `prisma migrate deploy`: Prisma's schema engine opens the file in exclusive mode, so
// it fails (after a 10 s timeout) whenever anything else has the database open, such as the
// previous server still draining its requests during a restart. This runner needs no more than
// SQLite's ordinary write lock, which a reader never holds in WAL mode and a writer holds for
// milliseconds:
// - nothing to apply (every start but the first after an upgrade): a read, no lock at all;
// - otherwise each migration runs in a `BEGIN IMMEDIATE` transaction that waits its turn for
//   the write lock (MIGRATION_LOCK_TIMEOUT_SECONDS), checks again that no other instance has
//   applied it meanwhile, applies it and records it, so instances starting together are safe;
// - it records each migration exactly as Prisma does (`_prisma_migrations`, SHA-256 checksum),
//   so `prisma migrate status` and `deploy` agree with it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { ConfigError, databaseFile, databaseProvider, env } from "../lib/server/config.mjs";
import { loadDotEnv, runMain } from "../lib/server/command.mjs";
import { ensurePrivateDir, makeDatabasePrivate } from "../lib/server/data-folder.mjs";
import { migratePostgres } from "./migrate-postgresql.mjs";
import { appliedFrom, describe, expectedMigrations, MIGRATIONS, RECORDED, report, stamp } from "./migrations.mjs";

export { expectedMigrations } from "./migrations.mjs";
export { appliedMigrationsPg } from "./migrate-postgresql.mjs";

// Prisma's own table, column for column.
const PRISMA_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/**
 * The names of the migrations recorded as applied in an open database (empty when none).
 * @param {import("better-sqlite3").Database} db
 */
export function appliedMigrations(db) {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  if (!table) return new Set();
  return appliedFrom(/** @type {Array<{ migration_name: string, finished_at: string | null }>} */ (db.prepare(RECORDED).all()));
}

/**
 * @param {{ quiet?: boolean, lockTimeoutSeconds?: number }} [options]
 * @returns {Promise<{ applied: string[] }>}
 */
export async function migrate(options = {}) {
  return databaseProvider() === "postgresql" ? migratePostgres(options) : migrateSqlite(options);
}

/**
 * @param {{ quiet?: boolean, lockTimeoutSeconds?: number }} [options]
 * @returns {{ applied: string[] }}
 */
function migrateSqlite({ quiet = false, lockTimeoutSeconds = env().MIGRATION_LOCK_TIMEOUT_SECONDS } = {}) {
  const file = databaseFile();
  ensurePrivateDir(path.dirname(file));
  makeDatabasePrivate(file);
  let db;
  try {
    // The busy timeout is this process's wait for the write lock; the server is not running yet.
    db = new Database(file, { timeout: lockTimeoutSeconds * 1000 });
    // WAL lets readers proceed while one request writes; it is a property of the file, set once
    // (switching needs a moment alone with the file; a file already in WAL needs nothing).
    if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
  } catch (error) {
    db?.close();
    throw new ConfigError(`The database ${file} cannot be opened: ${describe(error)}.`);
  }
  const applied = [];
  try {
    const expected = expectedMigrations();
    if (expected.every((name) => appliedMigrations(db).has(name))) return report({ applied, quiet, file });

    // Schema changes that rebuild a table (Prisma's "new_<table>" steps) must not cascade deletes;
    // foreign keys are checked as a whole before each commit instead. The pragma works outside a transaction only.
    db.pragma("foreign_keys = OFF");
    db.exec(PRISMA_TABLE);
    for (const name of expected) {
      const sql = fs.readFileSync(path.join(MIGRATIONS.sqlite, name, "migration.sql"), "utf8");
      const applyOne = db.transaction(() => {
        if (appliedMigrations(db).has(name)) return false; // another instance was first
        const startedAt = stamp();
        db.exec(sql);
        const broken = db.pragma("foreign_key_check");
        if (broken.length > 0) throw new Error(`it leaves ${broken.length} rows whose foreign keys point nowhere`);
        db.prepare(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "started_at", "applied_steps_count") VALUES (?, ?, ?, ?, ?, 1)`,
        ).run(crypto.randomUUID(), crypto.createHash("sha256").update(sql).digest("hex"), stamp(), name, startedAt);
        return true;
      });
      try {
        // BEGIN IMMEDIATE: the write lock first, waiting for it, so nothing can slip in between the check and the change.
        if (applyOne.immediate()) applied.push(name);
      } catch (error) {
        if (/** @type {{ code?: string }} */ (error).code?.startsWith("SQLITE_BUSY")) {
          throw new ConfigError(
            `The database ${file} stayed locked by another process for ${lockTimeoutSeconds} s: stop whatever is writing to it, or raise MIGRATION_LOCK_TIMEOUT_SECONDS.`,
          );
        }
        throw new ConfigError(`Migration ${name} failed and was rolled back, so the database is as it was: ${describe(error)}.`);
      }
    }
    return report({ applied, quiet, file });
  } finally {
    db.close();
    makeDatabasePrivate(file);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    loadDotEnv();
    await migrate();
  });
}
