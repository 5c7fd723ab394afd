// @ts-check
// Migrations on PostgreSQL: instances starting together take turns through Prisma's advisory
// lock, each migration in its own transaction (PostgreSQL's DDL is transactional).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { log } from "../lib/server/logger.mjs";
import { ConfigError, databaseLabel, databaseUrl, env } from "../lib/server/config.mjs";
import { appliedFrom, describe, expectedMigrations, MIGRATIONS, PRISMA_LOCK_KEY, RECORDED, report } from "./migrations.mjs";

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
export async function migratePostgres({ quiet = false, lockTimeoutSeconds = env().MIGRATION_LOCK_TIMEOUT_SECONDS } = {}) {
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
