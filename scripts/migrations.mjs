// @ts-check
// What both databases' migrations share: where the migrations are, what Prisma's table records.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { log } from "../lib/server/logger.mjs";
import { ConfigError, databaseProvider } from "../lib/server/config.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const MIGRATIONS = {
  sqlite: path.join(root, "prisma", "migrations"),
  postgresql: path.join(root, "prisma", "postgresql", "migrations"),
};
// Prisma's advisory lock key for migrations on PostgreSQL.
export const PRISMA_LOCK_KEY = 72707369;

/**
 * The migrations this code expects, oldest first.
 * @param {"sqlite" | "postgresql"} [provider]
 */
export function expectedMigrations(provider = databaseProvider()) {
  const migrationsDir = MIGRATIONS[provider];
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

export const RECORDED = `SELECT "migration_name", "finished_at" FROM "_prisma_migrations" WHERE "rolled_back_at" IS NULL`;

/**
 * The names of the migrations Prisma's table records as applied; a failed one stops everything.
 * @param {Array<{ migration_name: string, finished_at: unknown }>} rows
 */
export function appliedFrom(rows) {
  const failed = rows.find((row) => row.finished_at === null);
  if (failed) {
    throw new ConfigError(
      `Migration ${failed.migration_name} failed earlier and is recorded as unfinished: restore the database from a backup, then start again.`,
    );
  }
  return new Set(rows.map((row) => row.migration_name));
}

export const stamp = () => new Date().toISOString().replace("Z", "+00:00");

/** @param {unknown} error */
export const describe = (error) => (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").replace(/\.$/, "");

/** @param {{ applied: string[], quiet: boolean, file: string }} result */
export function report({ applied, quiet, file }) {
  if (!quiet) log.info("migrate.done", { database: file, applied });
  return { applied };
}
