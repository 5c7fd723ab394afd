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

/** SQLITE_BUSY (or LOCKED), however it is wrapped: by better-sqlite3 or by Prisma's adapter. */
export function isBusy(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let at: unknown = error; at && typeof at === "object" && !seen.has(at);) {
    seen.add(at);
    const { code, originalCode, meta, cause } = at as {
      code?: unknown;
      originalCode?: unknown;
      meta?: { driverAdapterError?: unknown };
      cause?: unknown;
    };
    if ([code, originalCode].some((value) => typeof value === "string" && /^SQLITE_(BUSY|LOCKED)/.test(value))) return true;
    at = meta?.driverAdapterError ?? cause;
  }
  return false;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work`, again after a pause while the database is busy, until DATABASE_BUSY_TIMEOUT_MS has passed. */
export async function retryWhileBusy<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + env().DATABASE_BUSY_TIMEOUT_MS;
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
export function isDatabaseUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let at: unknown = error; at && typeof at === "object" && !seen.has(at);) {
    seen.add(at);
    const { code, originalCode, meta, cause, message } = at as {
      code?: unknown;
      originalCode?: unknown;
      meta?: { driverAdapterError?: unknown };
      cause?: unknown;
      message?: unknown;
    };
    if ([code, originalCode].some((value) => typeof value === "string" && UNREACHABLE.has(value))) return true;
    if (typeof message === "string" && /Connection terminated|connect ECONNREFUSED|Can't reach database server/.test(message)) return true;
    at = meta?.driverAdapterError ?? cause;
  }
  return false;
}
