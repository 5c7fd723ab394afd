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

// The server has one thread: a synchronous SQLite busy wait would stall every request. So the
// busy timeout is 0, writes take the write lock first (a transaction that read first cannot
// upgrade its lock), and a busy write is retried asynchronously for DATABASE_BUSY_TIMEOUT_MS,
// then fails with DatabaseBusy (503 with Retry-After).

// The PostgreSQL client is generated from prisma/postgresql/schema.prisma, the same schema with
// another provider: its API is the SQLite client's, so the DAL is written once.

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

// One client per process, across hot reloads too. recover() may replace it, so `db` forwards to
// whichever client is current.
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

// On globalThis: Next.js may load this module once per bundle layer, and all share one client.
const health = () => (holder.tokenConsoleDbHealth ??= { state: "ok", since: new Date().toISOString() });
const setHealth = (state: DatabaseHealth) => (holder.tokenConsoleDbHealth = state);

export const databaseHealth = (): DatabaseHealth => ({ ...health() });

function markHealthy(client: PrismaClient) {
  if (health().state === "ok" || client !== holder.tokenConsoleDb) return;
  setHealth({ state: "ok", since: new Date().toISOString() });
  log.info("database.recovered", {});
}

// On SQLite the client is replaced: after a failed COMMIT Prisma's adapter never releases its
// transaction mutex, so every later write through it would wait forever (closing it rolls back
// what it had open). On PostgreSQL the pool drops broken connections itself; nothing is replaced.
function recover(failed: PrismaClient, error: unknown) {
  // A client replaced already was counted when it was: its late failures say nothing new.
  if (failed !== holder.tokenConsoleDb) return;
  setHealth({ state: "failed", since: new Date().toISOString(), reason: String(error) });
  log.error("database.write_failed", { error: String(error), replacingClient: databaseProvider() === "sqlite" });
  if (databaseProvider() !== "sqlite") return;
  holder.tokenConsoleDb = createClient();
  failed.$disconnect().catch((disconnectError: unknown) => log.warn("database.disconnect_failed", { error: String(disconnectError) }));
}

/**
 * What a write must keep true until it commits, on PostgreSQL: ["user", id] for one user's rows
 * (the 100-token cap, unique names, one notice per leak report), ["token", id], ["team", id] (a
 * team's members and invitations: it always keeps an owner), ["admins"] (the first account, the
 * last admin). Without one, it orders itself after every other write.
 */
export type WriteLock =
  readonly ["user", string] | readonly ["team", string] | readonly ["token", string] | readonly ["admins"] | readonly ["probe"];

// Every version of the app has taken this key: scoped writes take it shared, so an unscoped
// write (or an instance still running older code) excludes them all.
const WRITE_LOCK_KEY = 7_290_411;
const SCOPES = { user: 7_290_412, token: 7_290_413, admins: 7_290_414, probe: 7_290_415, team: 7_290_416 } as const;

export function writeLockKeys(lock: WriteLock): [number, number] {
  const id = lock[1] ?? "";
  return [SCOPES[lock[0]], id ? crypto.createHash("sha256").update(id).digest().readInt32BE(0) : 0];
}

// The busy bound plus the 5 s Prisma gives an interactive transaction, lock waits included.
export const writeDeadlineMs = () => env().DATABASE_BUSY_TIMEOUT_MS + 5_000;

// So that a transaction left idle (a paused instance, a lost client) does not hold its locks for good.
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
  // lock_timeout 0 would mean "forever". Set per transaction so that it works through PgBouncer in
  // transaction mode, and in the lock's own statement to save a round trip: OFFSET 0 keeps the
  // subquery one, so the settings are made before the locks are asked for.
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

// The write lock comes first so that what the transaction reads stays true until it commits
// (the 100-token cap, the last admin) and it never fails halfway for want of the lock: on SQLite
// a no-op UPDATE takes the file's lock; on PostgreSQL advisory locks order every instance's writers.
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

const PROBE_KEY = "health.write_probe";

// For /readyz. It writes a real row so that a disk that takes no more writes (full, read-only)
// fails it as it fails users' writes; an empty transaction would pass. Never throws.
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
