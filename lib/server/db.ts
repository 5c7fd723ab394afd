import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-pg/client";
import { retryWhileBusy } from "@/lib/server/busy";
import { databaseProvider, databaseUrl } from "@/lib/server/config.mjs";

export { DatabaseBusy, isBusy, retryWhileBusy } from "@/lib/server/busy";

// The server has one thread: it must never sit in SQLite's busy wait while another process
// holds the write lock, or every request (pages included) waits with it. So the busy timeout
// is 0, writes take the write lock first (a transaction that read first could not upgrade its
// lock and would fail), and a write that finds the lock taken is retried asynchronously, with
// backoff, for DATABASE_BUSY_TIMEOUT_MS; after that it fails with DatabaseBusy, which the API
// answers with 503 and Retry-After, and the console with a message to try again.

// On PostgreSQL (DATABASE_URL=postgresql://…) the same models through Prisma's pg adapter and
// a client generated from prisma/postgresql/schema.prisma, the same schema with another
// provider: its API is the SQLite client's, so the DAL is written once.

function createClient(): PrismaClient {
  if (databaseProvider() === "postgresql") {
    const adapter = new PrismaPg({ connectionString: databaseUrl(), max: 10 });
    return new PostgresClient({ adapter }) as unknown as PrismaClient;
  }
  // WAL mode is set on the file by the migration step (scripts/migrate.mjs): readers never wait for a writer.
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 0 });
  return new PrismaClient({ adapter });
}

// One client per process, also across hot reloads in development.
const globalForDb = globalThis as unknown as { tokenConsoleDb?: ReturnType<typeof createClient> };
export const db = (globalForDb.tokenConsoleDb ??= createClient());

export type Tx = Prisma.TransactionClient;

// The key of the transaction-scoped advisory lock that orders writes on PostgreSQL.
const WRITE_LOCK_KEY = 7_290_411;

/**
 * A write transaction that takes the database's write lock before anything else, so that
 * what it reads stays true until it commits (the 100-token cap, the last admin), and it never
 * fails halfway for want of the lock: on SQLite a no-op UPDATE takes the file's write lock;
 * on PostgreSQL an advisory lock orders writers across every instance the same way. Retried
 * while SQLite is busy.
 */
export function writeTransaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
  const postgres = databaseProvider() === "postgresql";
  return retryWhileBusy(() =>
    db.$transaction(async (tx) => {
      if (postgres) await tx.$queryRaw`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})::text`;
      else await tx.$executeRaw`UPDATE "Setting" SET "key" = "key" WHERE 1 = 0`;
      return work(tx);
    }),
  );
}
