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
import { log } from "../lib/server/logger.mjs";
import { ConfigError, databaseFile, databaseLabel, databaseProvider, databaseUrl, env } from "../lib/server/config.mjs";
import { loadDotEnv, runMain } from "../lib/server/command.mjs";
import { ensurePrivateDir, makeDatabasePrivate } from "../lib/server/data-folder.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const MIGRATIONS = { sqlite: path.join(root, "prisma", "migrations"), postgresql: path.join(root, "prisma", "postgresql", "migrations") };
// Prisma's advisory lock key for migrations on PostgreSQL.
const PRISMA_LOCK_KEY = 72707369;

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

/** The migrations this code expects, oldest first. */
export function expectedMigrations(provider = databaseProvider()) {
  const migrationsDir = MIGRATIONS[provider];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/**
 * The names of the migrations recorded as applied in an open database (empty when none).
 * @param {import("better-sqlite3").Database} db
 */
export function appliedMigrations(db) {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  if (!table) return new Set();
  return appliedFrom(/** @type {Array<{ migration_name: string, finished_at: string | null }>} */ (db.prepare(RECORDED).all()));
}

const RECORDED = `SELECT "migration_name", "finished_at" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL`;

/**
 * The names of the migrations Prisma's table records as applied; a failed one stops everything.
 * @param {Array<{ migration_name: string, finished_at: unknown }>} rows
 */
function appliedFrom(rows) {
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new ConfigError(
      `Migration ${failed.migration_name} failed earlier and is recorded as unfinished: restore the database from a backup, then start again.`,
    );
  }
  return new Set(rows.map((row) => row.migration_name));
}

const stamp = () => new Date().toISOString().replace("Z", "+00:00");

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

// Prisma's table on PostgreSQL, column for column.
const PRISMA_TABLE_PG = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/**
 * The names of the migrations recorded as applied in a PostgreSQL database (empty when none).
 * @param {import("pg").ClientBase} client
 */
export async function appliedMigrationsPg(client) {
  const table = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
  if (!table.rows[0].t) return new Set();
  return appliedFrom((await client.query(RECORDED)).rows);
}

/** @param {{ quiet?: boolean, lockTimeoutSeconds?: number }} options */
async function migratePostgres({ quiet = false, lockTimeoutSeconds = env().MIGRATION_LOCK_TIMEOUT_SECONDS } = {}) {
  const { default: pg } = await import("pg");
  const client = await connectWhenUp(pg);
  /** @type {string[]} */
  const applied = [];
  try {
    const expected = expectedMigrations("postgresql");
    // Nothing to apply (every start but the first after an upgrade): a read, no lock.
    const before = await appliedMigrationsPg(client);
    if (expected.every((name) => before.has(name))) return report({ applied, quiet, file: databaseLabel() });
    // One instance at a time: the others wait here, then find nothing left to do.
    await client.query(`SET lock_timeout = ${Math.round(lockTimeoutSeconds * 1000)}`);
    try {
      await client.query("SELECT pg_advisory_lock($1)", [PRISMA_LOCK_KEY]);
    } catch (error) {
      throw new ConfigError(
        `Another process held the migration lock of the ${databaseLabel()} for ${lockTimeoutSeconds} s: let it finish, or raise MIGRATION_LOCK_TIMEOUT_SECONDS (${describe(error)}).`,
      );
    }
    await client.query(PRISMA_TABLE_PG);
    const done = await appliedMigrationsPg(client);
    for (const name of expected.filter((migration) => !done.has(migration))) {
      const sql = fs.readFileSync(path.join(MIGRATIONS.postgresql, name, "migration.sql"), "utf8");
      try {
        await client.query("BEGIN");
        const started = new Date();
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "started_at", "applied_steps_count") VALUES ($1, $2, now(), $3, $4, 1)`,
          [crypto.randomUUID(), crypto.createHash("sha256").update(sql).digest("hex"), name, started],
        );
        await client.query("COMMIT");
        applied.push(name);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new ConfigError(`Migration ${name} failed and was rolled back, so the database is as it was: ${describe(error)}.`);
      }
    }
    return report({ applied, quiet, file: databaseLabel() });
  } finally {
    await client.end().catch(() => {});
  }
}

// What a database server says while it is not up yet (stopped, starting, restarting, its host
// not yet in DNS, as in a compose file started all at once): worth waiting for. A refused
// password or a database that does not exist is a mistake, said at once.
// 57P03: starting up; 57P01: shutting down (a restart); 53300: too many connections for now.
const NOT_UP_YET = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P03",
  "57P01",
  "53300",
]);
/** @param {unknown} error */
const notUpYet = (error) => {
  const code = /** @type {{ code?: unknown }} */ (error)?.code;
  // node-postgres's own words for a server that accepted the connection and then said nothing, or closed it.
  return (
    (typeof code === "string" && NOT_UP_YET.has(code)) || /connection timeout|Connection terminated unexpectedly/i.test(describe(error))
  );
};

/**
 * A connection to PostgreSQL, waiting for the server while it is not up yet, for at most
 * DATABASE_START_TIMEOUT_SECONDS (0: not at all), trying again every 0.5, 1, 2, then 2 s.
 * An instance started before its database (a reboot, a compose file) comes up with it.
 * @param {typeof import("pg").default} pg
 */
async function connectWhenUp(pg, timeoutSeconds = env().DATABASE_START_TIMEOUT_SECONDS) {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: databaseUrl(), connectionTimeoutMillis: 10_000 });
    client.on("error", () => {}); // a connection that fails while being made is answered below
    try {
      await client.connect();
      if (attempt > 1) log.info("database.up", { database: databaseLabel(), attempts: attempt });
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      if (/** @type {{ code?: unknown }} */ (error)?.code === "3D000") throw new ConfigError(missingDatabase());
      const waitMs = Math.min(2_000, 250 * 2 ** attempt);
      if (!notUpYet(error) || Date.now() + waitMs > deadline) {
        const waited = attempt > 1 && notUpYet(error) ? ` after waiting ${timeoutSeconds} s (DATABASE_START_TIMEOUT_SECONDS)` : "";
        throw new ConfigError(
          `The ${databaseLabel()} cannot be reached${waited}: ${describe(error)}. Check DATABASE_URL and that the server runs.`,
        );
      }
      if (attempt === 1 || attempt % 10 === 0) {
        const secondsLeft = Math.max(0, Math.round((deadline - Date.now()) / 1000));
        log.warn("database.waiting", { database: databaseLabel(), error: describe(error), attempt, secondsLeft });
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

/**
 * The server answers, but the database DATABASE_URL names is not there (PostgreSQL's 3D000):
 * say how to create it, with the host, port, user and name from the URL, never its password.
 */
function missingDatabase() {
  const url = new URL(databaseUrl());
  const user = decodeURIComponent(url.username);
  const name = decodeURIComponent(url.pathname.slice(1)) || user;
  const createdb = [
    "createdb",
    "-h",
    url.hostname.replace(/^\[|\]$/g, ""),
    "-p",
    url.port || "5432",
    ...(user ? ["-U", user] : []),
    name,
  ].join(" ");
  return `The ${databaseLabel()} does not exist: create it (${createdb}, or in psql: CREATE DATABASE "${name.replace(/"/g, '""')}";), then start again.`;
}

/** @param {unknown} error */
const describe = (error) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").replace(/\.$/, "");

/** @param {{ applied: string[], quiet: boolean, file: string }} result */
function report({ applied, quiet, file }) {
  if (!quiet) log.info("migrate.done", { database: file, applied });
  return { applied };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMain(async () => {
    loadDotEnv();
    await migrate();
  });
}
