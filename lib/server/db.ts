import "server-only";
import crypto from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-pg/client";
import { DatabaseBusy, isDatabaseBroken, retryWhileBusy, temporaryFailure } from "@/lib/server/busy";
import { databaseProvider, databaseUrl, env } from "@/lib/server/config.mjs";
import { DATABASE_HEALTH, type DatabaseHealth, type DatabaseHealthHook, type WriteProbeResult } from "@/lib/server/database-health.mjs";
import { log } from "@/lib/server/log";
import { createPgPool } from "@/lib/server/pg-pool";

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
    const pool = createPgPool("app", { queryTimeoutMs: 15_000 });
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    return new PostgresClient({ adapter }) as unknown as PrismaClient;
  }
  // WAL mode is set on the file by the migration step (scripts/migrate.mjs): readers never wait for a writer.
  const adapter = new PrismaBetterSQLite3({ url: databaseUrl(), timeout: 0 });
  return new PrismaClient({ adapter });
}

// One client per process, also across hot reloads in development. It is replaced when its
// database breaks (see recover), so `db` forwards to whichever client is current: modules
// that imported it once get the fresh one.
const holder = globalThis as unknown as { tokenConsoleDb?: PrismaClient; tokenConsoleDbHealth?: DatabaseHealth };
const current = () => (holder.tokenConsoleDb ??= createClient());

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_, property) {
    const client = current();
    const value: unknown = Reflect.get(client, property);
    return typeof value === "function" ? value.bind(client) : value;
  },
  has: (_, property) => Reflect.has(current(), property),
});

export type Tx = Prisma.TransactionClient;

// --- Health ------------------------------------------------------------------------------------

// On globalThis with the client: Next.js may load this module more than once (one copy per
// bundle layer), and they all share the one client, so they share its health too.
const health = () => (holder.tokenConsoleDbHealth ??= { state: "ok", since: new Date().toISOString() });
const setHealth = (state: DatabaseHealth) => (holder.tokenConsoleDbHealth = state);

/** Whether writes work: "failed" since a write met a broken database or missed its deadline, until one commits. */
export const databaseHealth = (): DatabaseHealth => ({ ...health() });

function markHealthy(client: PrismaClient) {
  if (health().state === "ok" || client !== holder.tokenConsoleDb) return;
  setHealth({ state: "ok", since: new Date().toISOString() });
  log.info("database.recovered", {});
}

/**
 * A write met a broken database or missed its deadline. On SQLite the client is replaced: a
 * failed COMMIT leaves Prisma's adapter holding its transaction mutex for good (its release
 * runs only after a COMMIT that succeeded), so every later write through that client would
 * wait forever. Closing the old connection rolls back whatever it still had open. On
 * PostgreSQL the pool drops broken connections itself and Prisma's own transaction timeout
 * has rolled back the one that overran; nothing is replaced.
 */
function recover(failed: PrismaClient, error: unknown) {
  // A client replaced already was counted when it was: its late failures say nothing new.
  if (failed !== holder.tokenConsoleDb) return;
  setHealth({ state: "failed", since: new Date().toISOString(), reason: String(error) });
  log.error("database.write_failed", { error: String(error), replacingClient: databaseProvider() === "sqlite" });
  if (databaseProvider() !== "sqlite") return;
  holder.tokenConsoleDb = createClient();
  failed.$disconnect().catch((disconnectError: unknown) => log.warn("database.disconnect_failed", { error: String(disconnectError) }));
}

// --- Write transactions ------------------------------------------------------------------------

/**
 * What a write transaction must keep true until it commits, on PostgreSQL: ["user", id] for
 * what one user's rows promise (the 100-token cap, unique names, one notice per leak report),
 * ["token", id] for one token's rows, ["admins"] for who is admin (the first account, the
 * last admin). Without one, the transaction orders itself after every other write.
 */
export type WriteLock = readonly ["user", string] | readonly ["token", string] | readonly ["admins"] | readonly ["probe"];

// The global key, as every version of the app has taken it: a scoped write takes it shared,
// so a write without a scope (and an instance still running older code) excludes them all.
const WRITE_LOCK_KEY = 7_290_411;
const SCOPES = { user: 7_290_412, token: 7_290_413, admins: 7_290_414, probe: 7_290_415 } as const;

/** The two 32-bit keys of a scoped advisory lock (a key space apart from the global one's). */
export function writeLockKeys(lock: WriteLock): [number, number] {
  const id = lock[1] ?? "";
  return [SCOPES[lock[0]], id ? crypto.createHash("sha256").update(id).digest().readInt32BE(0) : 0];
}

/**
 * How long a write may take in all, waits for the lock included: the busy bound plus the 5 s
 * Prisma gives an interactive transaction. Past it the write is answered busy and the
 * database counted failed, however the wait came about.
 */
export const writeDeadlineMs = () => env().DATABASE_BUSY_TIMEOUT_MS + 5_000;

// A transaction left idle inside (a paused instance, a lost client) is ended by the server,
// and with it the locks it holds.
const IDLE_IN_TRANSACTION_MS = 30_000;

class WriteDeadlineMissed extends Error {
  constructor(ms: number) {
    super(`a write transaction did not finish within ${ms} ms`);
  }
}

async function takeWriteLock(tx: Tx, lock: WriteLock | undefined) {
  if (databaseProvider() !== "postgresql") {
    await tx.$executeRaw`UPDATE "Setting" SET "key" = "key" WHERE 1 = 0`;
    return;
  }
  // Bounded like SQLite's busy wait; lock_timeout 0 would mean "forever". Set for this
  // transaction only (not on the connection) so that it works through PgBouncer in transaction
  // mode too, and in the lock's own statement: the subquery (OFFSET 0 keeps it one) yields its
  // row, the settings made, before the locks are asked for; no round trip more than before.
  const lockTimeout = `${Math.max(1, env().DATABASE_BUSY_TIMEOUT_MS)}ms`;
  const idleTimeout = `${IDLE_IN_TRANSACTION_MS}ms`;
  if (!lock) {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})::text
      FROM (SELECT set_config('lock_timeout', ${lockTimeout}, true), set_config('idle_in_transaction_session_timeout', ${idleTimeout}, true) OFFSET 0) AS settings`;
    return;
  }
  const [scope, key] = writeLockKeys(lock);
  await tx.$queryRaw`SELECT pg_advisory_xact_lock_shared(${WRITE_LOCK_KEY})::text, pg_advisory_xact_lock(${scope}::int, ${key}::int)::text
    FROM (SELECT set_config('lock_timeout', ${lockTimeout}, true), set_config('idle_in_transaction_session_timeout', ${idleTimeout}, true) OFFSET 0) AS settings`;
}

/**
 * A write transaction that takes the database's write lock before anything else, so that
 * what it reads stays true until it commits (the 100-token cap, the last admin), and it never
 * fails halfway for want of the lock: on SQLite a no-op UPDATE takes the file's write lock;
 * on PostgreSQL advisory locks order writers across every instance the same way, the global
 * one or, given `lock`, one scope's. Retried while SQLite is busy; a lock held past
 * DATABASE_BUSY_TIMEOUT_MS, or a write past its deadline, fails with a temporary failure (503).
 */
export async function writeTransaction<T>(
  work: (tx: Tx) => Promise<T>,
  options: { lock?: WriteLock; deadlineMs?: number; busyTimeoutMs?: number } = {},
): Promise<T> {
  const deadline = options.deadlineMs ?? writeDeadlineMs();
  let used = current();
  const attempts = retryWhileBusy(() => {
    used = current();
    return used.$transaction(
      async (tx) => {
        await takeWriteLock(tx, options.lock);
        return work(tx);
      },
      { maxWait: deadline, timeout: deadline },
    );
  }, options.busyTimeoutMs);
  attempts.catch(() => {}); // answered by the deadline, it may still fail later: nobody listens then
  let timer: NodeJS.Timeout | undefined;
  const missed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WriteDeadlineMissed(deadline)), deadline);
  });
  try {
    const result = await Promise.race([attempts, missed]);
    markHealthy(used);
    return result;
  } catch (error) {
    if (error instanceof WriteDeadlineMissed || isDatabaseBroken(error)) recover(used, error);
    if (error instanceof WriteDeadlineMissed) throw new DatabaseBusy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The one row the write probe writes: a write that reaches the disk, as a user's would. */
const PROBE_KEY = "health.write_probe";

/**
 * A write through the app's own client, bounded: whether writes go through now (for /readyz;
 * see lib/server/database-health.mjs). Never throws. It writes a row of its own (the time), so
 * a disk that takes no more writes (full, read-only, failing) fails it as it fails users'
 * writes; an empty transaction would pass and report healthy. A probe that misses its deadline
 * counts the database failed and, on SQLite, replaces the client, as a write would; a write
 * lock another process holds past the probe's wait is "busy", not a failure.
 */
export async function writeProbe({ timeoutMs = env().DATABASE_BUSY_TIMEOUT_MS + 1_000 } = {}): Promise<WriteProbeResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const value = new Date().toISOString();
    await writeTransaction((tx) => tx.setting.upsert({ where: { key: PROBE_KEY }, create: { key: PROBE_KEY, value }, update: { value } }), {
      lock: ["probe"],
      deadlineMs: timeoutMs,
      // Busy waits end before the deadline, so that a lock held elsewhere reads as busy.
      busyTimeoutMs: Math.max(0, Math.min(env().DATABASE_BUSY_TIMEOUT_MS, timeoutMs - 500)),
    });
    return { state: "ok", ms: ms() };
  } catch (error) {
    const busy = temporaryFailure(error)?.kind === "busy" && health().state === "ok";
    return { state: busy ? "busy" : "failed", ms: ms(), error: String(error) };
  }
}

(globalThis as Record<symbol, DatabaseHealthHook>)[DATABASE_HEALTH] = { databaseHealth, writeProbe };
