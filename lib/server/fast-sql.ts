import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { databaseProvider } from "@/lib/server/config.mjs";
import { pgFastSql } from "@/lib/server/fast-sql-pg";
import { sqliteFastSql } from "@/lib/server/fast-sql-sqlite";

// What every platform-API request needs from the database, as statements prepared once on
// connections of their own: about 2 µs a read on SQLite (lib/server/fast-sql-sqlite.ts), one
// round trip on a pooled connection on PostgreSQL (lib/server/fast-sql-pg.ts), against some
// 200 µs and a query compilation through Prisma (which does everything else, lib/server/db.ts).
//
// Revocation stays immediate: each read sees every transaction committed before it began,
// the delete of a token included, on SQLite (WAL) and PostgreSQL (READ COMMITTED) alike.
// Nothing is cached.

export type TokenLookupRow = {
  id: string;
  userId: string;
  scope: "READ_ONLY" | "WRITE";
  lastUsedAt: string | null;
  expiresAt: string | null;
  expiredUseAuditedAt: string | null;
  /** 1 when the hash is the token's current secret; 0 when it is the previous one, valid until previousValidUntil. */
  current: number | boolean;
  previousValidUntil: string | null;
  email: string;
  name: string;
  role: "MEMBER" | "ADMIN";
  userCreatedAt: string;
};

export type TokenListRow = {
  id: string;
  name: string;
  scope: "READ_ONLY" | "WRITE";
  displayPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  previousValidUntil: string | null;
};

/** Times are strings as SQLite stores them: ISO 8601 with +00:00 (PostgreSQL's are written the same way). */
export type FastSql = {
  /** The token whose current or previous secret this is (the DAL checks a previous one's overlap). */
  tokenByHash(tokenHash: string): Promise<TokenLookupRow | undefined>;
  tokensOfUser(userId: string): Promise<TokenListRow[]>;
  /**
   * The audit events a filter (built with Prisma.sql) matches, newest first, as rows of the
   * named columns (times as stored), in batches by position, on a connection of the export's
   * own: a long export never holds up the API's reads.
   */
  auditEventRows(columns: readonly string[], filter: Prisma.Sql, batchSize: number): AsyncGenerator<unknown[][]>;
  /** Writes a batch of last-used times in one transaction; on SQLite throws SQLITE_BUSY at once if another writer holds the lock. */
  touchTokens(uses: Array<[string, Date]>): Promise<void>;
};

const implementation = (): FastSql => (databaseProvider() === "postgresql" ? pgFastSql : sqliteFastSql);

export const fastSql = {
  /** How many reads this process has made: the benchmark and the tests count junk tokens' reads with it. */
  queries: 0,
  tokenByHash(tokenHash: string) {
    fastSql.queries++;
    return implementation().tokenByHash(tokenHash);
  },
  tokensOfUser(userId: string) {
    fastSql.queries++;
    return implementation().tokensOfUser(userId);
  },
  auditEventRows(columns: readonly string[], filter: Prisma.Sql, batchSize: number) {
    return implementation().auditEventRows(columns, filter, batchSize);
  },
  touchTokens(uses: Array<[string, Date]>) {
    return implementation().touchTokens(uses);
  },
};
