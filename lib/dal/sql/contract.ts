import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Role, Scope } from "@/lib/scopes";
import { TOKEN_COLUMN_NAMES, type TOKEN_COLUMNS, type TokenColumn } from "@/lib/token-columns";

// The hot path's statements, as both dialects implement them (lib/dal/sql/index.ts picks one).

/** What the raw SQL reads for each kind of column (lib/token-columns.ts): times as stored. */
export type StoredAs = {
  text: string;
  "text?": string | null;
  scope: Scope;
  permissions: string;
  ips: string;
  time: string;
  "time?": string | null;
  overlap: string | null;
  "int?": number | null;
};

export type TokenListRow = { [K in TokenColumn]: StoredAs[(typeof TOKEN_COLUMNS)[K]] };

const TOKEN_LIST_COLUMNS = TOKEN_COLUMN_NAMES.map((column) => `"${column}"`).join(", ");

export type TokenLookupRow = Pick<
  TokenListRow,
  | "id"
  | "scope"
  | "permissions"
  | "lastUsedAt"
  | "lastUsedIp"
  | "allowedIps"
  | "expiresAt"
  | "previousValidUntil"
  | "createdAt"
  | "rateLimitPerMinute"
  | "quota"
  | "quotaRemaining"
  | "status"
> & {
  userId: string;
  /** The team that owns it (null: a personal token) and the team's name. */
  teamId: string | null;
  teamName: string | null;
  expiredUseAuditedAt: string | null;
  /** Whether the hash is the current secret (SQLite reads 1/0, PostgreSQL a boolean); else it is the previous one. */
  current: number | boolean;
  email: string;
  name: string;
  role: Role;
  userCreatedAt: string;
};

/** Three placeholders for the one hash: SQLite's `?` are positional, PostgreSQL repeats `$1`. */
export const tokenByHashSql = (current: string, hash: string, previous: string) =>
  `SELECT t."id", t."userId", t."scope", t."permissions", t."createdAt", t."lastUsedAt", t."lastUsedIp", t."allowedIps", t."expiresAt", t."expiredUseAuditedAt", t."tokenHash" = ${current} AS "current", t."previousValidUntil",
     t."rateLimitPerMinute", t."quota", t."quotaRemaining", t."status", u."email", u."name", u."role", u."createdAt" AS "userCreatedAt",
     t."teamId", tm."name" AS "teamName"
   FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" LEFT JOIN "Team" tm ON tm."id" = t."teamId"
   WHERE t."tokenHash" = ${hash} OR t."previousTokenHash" = ${previous}`;

/** A person's personal tokens, or a team's (ownerId). */
export const tokensOfOwnerSql = (owner: string) =>
  `SELECT ${TOKEN_LIST_COLUMNS} FROM "ApiToken" WHERE "ownerId" = ${owner} ORDER BY "createdAt", "id"`;

/** How many distinct addresses a token remembers (its details panel's "recent addresses"). */
export const RECENT_ADDRESSES = 10;

/** `client` is the described User-Agent ("Go SDK"), not the header. */
export type TokenUse = { tokenId: string; ip: string; client: string; at: Date };
/** A use from a network (an IPv4 address, an IPv6 /64) new to a token used before: its owner is warned. */
export type NewNetworkUse = { tokenId: string; network: string; ip: string; client: string; at: Date };
/** A route's permission exercised by a token ("Remove unused permissions" reads them). */
export type PermissionUse = { tokenId: string; permission: string; at: Date };

/** Requests counted in one bucket of one dimension, to be added to what is stored (lib/dal/activity-recorder.ts). */
export type UsageCount = { tokenId: string; span: "m" | "h" | "d"; start: Date; dimension: string; value: string; count: number };
/** One line of a token's request log. */
export type RequestLogLine = {
  id: string;
  tokenId: string;
  at: Date;
  method: string;
  path: string;
  status: number;
  outcome: string;
  ip: string;
  client: string;
  requestId: string;
};

/** Times are strings as SQLite stores them: ISO 8601 with +00:00 (PostgreSQL's are written the same way). */
export type FastSql = {
  /** Matches the previous secret too: the caller checks its overlap. */
  tokenByHash(tokenHash: string): Promise<TokenLookupRow | undefined>;
  tokensOfOwner(ownerId: string): Promise<TokenListRow[]>;
  /** Newest first, in batches by (time, id), on a connection of its own: a long export never holds up the API's reads. */
  auditEventRows(columns: readonly string[], filter: Prisma.Sql, batchSize: number): AsyncGenerator<unknown[][]>;
  /**
   * One transaction; keeps each token's RECENT_ADDRESSES newest addresses and skips a token
   * deleted meanwhile, and each permission's newest use. On SQLite throws SQLITE_BUSY at once if
   * another writer holds the lock. Also records each use's network (TokenNetwork) and answers
   * the uses from a network new to their token (lib/dal/sql/networks.ts decides which).
   */
  touchTokens(uses: TokenUse[], permissionUses: PermissionUse[]): Promise<NewNetworkUse[]>;
  /**
   * One transaction: adds the counts to the stored ones (so that several instances' add up),
   * appends the lines, and keeps each of their tokens' `keep` newest lines. On SQLite throws
   * SQLITE_BUSY at once if another writer holds the lock.
   */
  addActivity(counts: UsageCount[], lines: RequestLogLine[], keep: number): Promise<void>;
};
