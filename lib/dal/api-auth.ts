import "server-only";
import Database from "better-sqlite3";
import { databaseFile } from "@/lib/runtime-config.mjs";
import type { ScopeValue } from "@/lib/validation/api-token";

/** What an API request learns from its token: enough to authorize, nothing secret. */
export type ApiPrincipal = {
  tokenId: string;
  userId: string;
  scope: ScopeValue;
  lastUsedAt: number | null;
};

type Row = { id: string; userId: string; scope: ScopeValue; lastUsedAt: string | null };

let lookup: Database.Statement<[string], Row> | undefined;

/**
 * The one query every API request makes: a token by its HMAC, through a prepared statement on
 * a read-only connection (about 2 µs, against about 220 µs for the same findUnique through
 * Prisma here). WAL mode lets it read while Prisma writes, and a deleted token is gone for the
 * very next request: there is no cache to invalidate.
 */
export function findTokenByHash(tokenHash: string): ApiPrincipal | null {
  if (!lookup) {
    const connection = new Database(databaseFile(), { readonly: true, fileMustExist: true, timeout: 10_000 });
    lookup = connection.prepare<[string], Row>(
      'SELECT "id", "userId", "scope", "lastUsedAt" FROM "ApiToken" WHERE "tokenHash" = ?',
    );
  }
  const row = lookup.get(tokenHash);
  if (!row) return null;
  return {
    tokenId: row.id,
    userId: row.userId,
    scope: row.scope,
    lastUsedAt: row.lastUsedAt ? Date.parse(row.lastUsedAt) : null,
  };
}
