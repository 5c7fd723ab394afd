import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { retryWhileBusy } from "@/lib/server/busy";
import { databaseUrl } from "@/lib/server/config.mjs";

export { DatabaseBusy, isBusy, retryWhileBusy } from "@/lib/server/busy";

// The server has one thread: it must never sit in SQLite's busy wait while another process
// holds the write lock, or every request (pages included) waits with it. So the busy timeout
// is 0, writes take the write lock first (a transaction that read first could not upgrade its
// lock and would fail), and a write that finds the lock taken is retried asynchronously, with
// backoff, for DATABASE_BUSY_TIMEOUT_MS; after that it fails with DatabaseBusy, which the API
// answers with 503 and Retry-After, and the console with a message to try again.

function createClient() {
  // WAL mode is set on the file by the migration step (scripts/migrate.mjs): readers never wait for a writer.
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 0 });
  return new PrismaClient({ adapter });
}

// One client per process, also across hot reloads in development.
const globalForDb = globalThis as unknown as { tokenConsoleDb?: ReturnType<typeof createClient> };
export const db = (globalForDb.tokenConsoleDb ??= createClient());

export type Tx = Prisma.TransactionClient;

/**
 * A write transaction that takes SQLite's write lock before anything else (a no-op UPDATE
 * does), so it never fails halfway for want of it; retried while the database is busy.
 */
export function writeTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  return retryWhileBusy(() =>
    db.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE "Setting" SET "key" = "key" WHERE 1 = 0`;
      return work(tx);
    }),
  );
}
