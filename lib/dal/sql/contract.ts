import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

// The hot path's statements, as both dialects implement them (lib/dal/sql/index.ts picks one).

export type TokenLookupRow = {
  id: string;
  userId: string;
  scope: "READ_ONLY" | "WRITE";
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  allowedIps: string;
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
  description: string;
  allowedIps: string;
  createdAt: string;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  lastUsedClient: string | null;
  expiresAt: string | null;
  previousValidUntil: string | null;
};

/** How many distinct addresses a token remembers (its details panel's "recent addresses"). */
export const RECENT_ADDRESSES = 10;

/** One noted use of a token: when, from which address, by which client (described: "Go SDK"). */
export type TokenUse = { tokenId: string; ip: string; client: string; at: Date };

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
  /**
   * Writes a batch of uses in one transaction: each token's last use (time, address, client),
   * and its recent addresses, of which it keeps the 10 newest. A token deleted meanwhile is
   * skipped. On SQLite throws SQLITE_BUSY at once if another writer holds the lock.
   */
  touchTokens(uses: TokenUse[]): Promise<void>;
};
