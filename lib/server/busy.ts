import "server-only";
import { env } from "@/lib/server/config.mjs";

// A database another process holds locked, met without blocking the server's only thread:
// retried asynchronously with backoff for DATABASE_BUSY_TIMEOUT_MS, then DatabaseBusy (the
// API answers 503 with Retry-After, the console asks to try again). See lib/server/db.ts.

/** The database stayed locked by another process for longer than DATABASE_BUSY_TIMEOUT_MS. */
export class DatabaseBusy extends Error {
  readonly retryAfterSeconds = 1;
  constructor() {
    super("the database is busy");
    this.name = "DatabaseBusy";
  }
}

type ErrorLink = { code?: unknown; originalCode?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };

/** Whether any error in the chain (better-sqlite3's, node-postgres's, Prisma's adapter's wrapping) matches. */
function anyInChain(error: unknown, matches: (link: ErrorLink) => boolean): boolean {
  const seen = new Set<unknown>();
  for (let at: unknown = error; at && typeof at === "object" && !seen.has(at);) {
    seen.add(at);
    const link = at as ErrorLink;
    if (matches(link)) return true;
    at = link.meta?.driverAdapterError ?? link.cause;
  }
  return false;
}

const hasCode = (link: ErrorLink, test: (code: string) => boolean) =>
  [link.code, link.originalCode].some((value) => typeof value === "string" && test(value));

/** SQLITE_BUSY (or LOCKED), however it is wrapped: by better-sqlite3 or by Prisma's adapter. */
export const isBusy = (error: unknown) => anyInChain(error, (link) => hasCode(link, (code) => /^SQLITE_(BUSY|LOCKED)/.test(code)));

// PostgreSQL gave up waiting for a lock after lock_timeout (lock_not_available), or cancelled
// a statement that ran past its timeout (query_canceled): another session holds what this one
// needs, which passes; retrying at once would only wait again, so it is answered as busy.
const LOCK_WAIT_ENDED = new Set(["55P03", "57014"]);
export const isLockTimeout = (error: unknown) => anyInChain(error, (link) => hasCode(link, (code) => LOCK_WAIT_ENDED.has(code)));

// Every connection of the pool in use for longer than a request can wait (node-postgres's
// connectionTimeoutMillis, or Prisma's maxWait for a transaction): load, which passes; busy.
const POOL_WAIT_ENDED = /timeout exceeded when trying to connect|Unable to start a transaction in the given time/;
export const isPoolExhausted = (error: unknown) =>
  anyInChain(error, (link) => typeof link.message === "string" && POOL_WAIT_ENDED.test(link.message));

/**
 * The SQLite file could not be written or read as a database: an I/O error (a full disk, the
 * files made immutable or read-only for a while), no room, or damage. The connection that met
 * it is not to be trusted further (Prisma's adapter keeps its transaction lock after a failed
 * COMMIT): lib/server/db.ts replaces the client, and the request is answered "retry".
 */
export const isDatabaseBroken = (error: unknown) =>
  anyInChain(error, (link) => hasCode(link, (code) => /^SQLITE_(IOERR|FULL|READONLY|CORRUPT|CANTOPEN|NOTADB)/.test(code)));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work`, again after a pause while the database is busy, until `timeoutMs` (DATABASE_BUSY_TIMEOUT_MS) has passed. */
export async function retryWhileBusy<T>(work: () => Promise<T>, timeoutMs = env().DATABASE_BUSY_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() >= deadline) throw new DatabaseBusy();
      // 5, 10, 20, 40, 80, 100, 100… ms, jittered so that waiting writers do not collide again.
      await pause(Math.min(100, 5 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

// A database server that cannot be reached (PostgreSQL stopped, restarting, failing over):
// connection refused or lost, as node-postgres or Prisma's adapter report it.
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "P1001",
  "P1002",
  "P1017",
]);

/** Whether an error means the database server is out of reach for now (the answer: 503, retry). */
export const isDatabaseUnreachable = (error: unknown) =>
  anyInChain(
    error,
    (link) =>
      hasCode(link, (code) => UNREACHABLE.has(code)) ||
      (typeof link.message === "string" &&
        // The last: node-postgres's answer on a client whose connection was lost (a terminated backend).
        // "Query read timeout": node-postgres's query_timeout, a server that accepts and never answers.
        /Connection terminated|connect ECONNREFUSED|Can't reach database server|Client has encountered a connection error and is not queryable|Query read timeout/.test(
          link.message,
        )),
  );

/**
 * A failure that passes by itself: the database busy past the bound, or out of reach. Every
 * answer to it says "retry" (the API: 503 with Retry-After; the console: try again).
 */
export function temporaryFailure(error: unknown): { kind: "busy" | "unavailable"; retryAfterSeconds: number } | null {
  if (error instanceof DatabaseBusy) return { kind: "busy", retryAfterSeconds: error.retryAfterSeconds };
  if (isLockTimeout(error) || isPoolExhausted(error)) return { kind: "busy", retryAfterSeconds: 1 };
  if (isDatabaseUnreachable(error) || isDatabaseBroken(error)) return { kind: "unavailable", retryAfterSeconds: 5 };
  return null;
}
