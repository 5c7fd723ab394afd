import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { databaseProvider } from "@/lib/server/config.mjs";
import { pgFastSql } from "@/lib/dal/sql/postgresql";
import { sqliteFastSql } from "@/lib/dal/sql/sqlite";
import type { FastSql, TokenUse } from "@/lib/dal/sql/contract";

export { RECENT_ADDRESSES, type TokenListRow, type TokenLookupRow, type TokenUse } from "@/lib/dal/sql/contract";

// What every platform-API request needs from the database, as statements prepared once on
// connections of their own: about 2 µs a read on SQLite (lib/dal/sql/sqlite.ts), one
// round trip on a pooled connection on PostgreSQL (lib/dal/sql/postgresql.ts), against some
// 200 µs and a query compilation through Prisma (which does everything else, lib/server/db.ts).
//
// Revocation stays immediate: each read sees every transaction committed before it began,
// the delete of a token included, on SQLite (WAL) and PostgreSQL (READ COMMITTED) alike.
// Nothing is cached.

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
  touchTokens(uses: TokenUse[]) {
    return implementation().touchTokens(uses);
  },
};
