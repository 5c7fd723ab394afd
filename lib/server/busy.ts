import "server-only";
import { env } from "@/lib/server/config.mjs";

// Why busy waits are asynchronous: see lib/server/db.ts.

export class DatabaseBusy extends Error {
  readonly retryAfterSeconds = 1;
  constructor() {
    super("the database is busy");
    this.name = "DatabaseBusy";
  }
}

type ErrorLink = { code?: unknown; originalCode?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };

// Prisma's adapter wraps the driver's error (better-sqlite3's, node-postgres's).
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

export const isBusy = (error: unknown) => anyInChain(error, (link) => hasCode(link, (code) => /^SQLITE_(BUSY|LOCKED)/.test(code)));

// lock_not_available, query_canceled: another session holds what this one needs, which passes;
// retrying at once would only wait again, so it is answered as busy.
const LOCK_WAIT_ENDED = new Set(["55P03", "57014"]);
export const isLockTimeout = (error: unknown) => anyInChain(error, (link) => hasCode(link, (code) => LOCK_WAIT_ENDED.has(code)));

// node-postgres's connectionTimeoutMillis or Prisma's maxWait: load, which passes, so busy.
const POOL_WAIT_ENDED = /timeout exceeded when trying to connect|Unable to start a transaction in the given time/;
export const isPoolExhausted = (error: unknown) =>
  anyInChain(error, (link) => typeof link.message === "string" && POOL_WAIT_ENDED.test(link.message));

// The connection that met one of these is not to be trusted further (Prisma's adapter keeps its
// transaction lock after a failed COMMIT): lib/server/db.ts replaces the client.
export const isDatabaseBroken = (error: unknown) =>
  anyInChain(error, (link) => hasCode(link, (code) => /^SQLITE_(IOERR|FULL|READONLY|CORRUPT|CANTOPEN|NOTADB)/.test(code)));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function retryWhileBusy<T>(work: () => Promise<T>, timeoutMs = env().DATABASE_BUSY_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() >= deadline) throw new DatabaseBusy();
      // Jittered so that waiting writers do not collide again.
      await pause(Math.min(100, 5 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }
}

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

export const isDatabaseUnreachable = (error: unknown) =>
  anyInChain(
    error,
    (link) =>
      hasCode(link, (code) => UNREACHABLE.has(code)) ||
      (typeof link.message === "string" &&
        // "not queryable": node-postgres on a lost connection; "Query read timeout": a server that never answers.
        /Connection terminated|connect ECONNREFUSED|Can't reach database server|Client has encountered a connection error and is not queryable|Query read timeout/.test(
          link.message,
        )),
  );

// A failure that passes by itself, so every answer to it says "retry".
export function temporaryFailure(error: unknown): { kind: "busy" | "unavailable"; retryAfterSeconds: number } | null {
  if (error instanceof DatabaseBusy) return { kind: "busy", retryAfterSeconds: error.retryAfterSeconds };
  if (isLockTimeout(error) || isPoolExhausted(error)) return { kind: "busy", retryAfterSeconds: 1 };
  if (isDatabaseUnreachable(error) || isDatabaseBroken(error)) return { kind: "unavailable", retryAfterSeconds: 5 };
  return null;
}
