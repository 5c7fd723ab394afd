import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseUrl } from "@/lib/server/config.mjs";

function createClient() {
  // `timeout` is SQLite's busy timeout: a writer waits for another instead of failing with
  // SQLITE_BUSY. WAL mode is set on the file by the migration step (scripts/migrate.mjs).
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 10_000 });
  return new PrismaClient({ adapter });
}

// One client per process, also across hot reloads in development.
const globalForDb = globalThis as unknown as { tokenConsoleDb?: ReturnType<typeof createClient> };
export const db = (globalForDb.tokenConsoleDb ??= createClient());
