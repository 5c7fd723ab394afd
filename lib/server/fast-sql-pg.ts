import "server-only";
import pg from "pg";
import { databaseUrl } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import type { FastSql, TokenListRow, TokenLookupRow } from "@/lib/server/fast-sql";

// The API's reads on PostgreSQL: named statements (prepared once per pooled connection), one
// round trip each, on a pool of their own. Each statement runs in its own READ COMMITTED
// transaction, which sees every transaction committed before it began: the request after a
// delete, on any instance, finds no token.

const OID_TIMESTAMP = 1114; // timestamp without time zone: Prisma stores UTC there
/** "2026-11-28 20:23:09.317" → "2026-11-28T20:23:09.317+00:00", as SQLite's rows read. */
const utcText = (value: string) => `${value.replace(" ", "T")}+00:00`;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === OID_TIMESTAMP ? utcText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
/** A Date as a timestamp without time zone, in UTC whatever the server's or the session's zone. */
const utcParam = (at: Date) => at.toISOString().replace("T", " ").replace("Z", "");

const TOKEN_BY_HASH = `SELECT t."id", t."userId", t."scope", t."lastUsedAt", t."expiresAt", t."expiredUseAuditedAt", t."tokenHash" = $1 AS "current", t."previousValidUntil",
    u."email", u."name", u."role", u."createdAt" AS "userCreatedAt"
  FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
  WHERE t."tokenHash" = $1 OR t."previousTokenHash" = $1`;
const TOKENS_OF_USER = `SELECT "id", "name", "scope", "displayPrefix", "createdAt", "lastUsedAt", "expiresAt", "previousValidUntil"
  FROM "ApiToken" WHERE "userId" = $1 ORDER BY "createdAt", "id"`;
// Several instances each throttle last-used writes to one a minute per token; this keeps a
// token used on all of them from being written by each.
const TOUCH = `UPDATE "ApiToken" t SET "lastUsedAt" = u."at" FROM unnest($1::text[], $2::timestamp[]) AS u("id", "at")
  WHERE t."id" = u."id" AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < u."at" - interval '59 seconds')`;

// One pool per process, also across hot reloads in development.
const globalForPg = globalThis as unknown as { tokenConsolePg?: pg.Pool };
function createPool() {
  const created = new pg.Pool({ connectionString: databaseUrl(), max: 10, types });
  // An idle connection the server closed (a restart, a failover) is dropped and replaced;
  // unheard, the pool's error event would end the process.
  created.on("error", (error) => log.warn("postgres.connection_lost", { error: error.message }));
  return created;
}
const pool = () => (globalForPg.tokenConsolePg ??= createPool());

export const pgFastSql: FastSql = {
  async tokenByHash(tokenHash) {
    const result = await pool().query<TokenLookupRow>({ name: "token-by-hash", text: TOKEN_BY_HASH, values: [tokenHash] });
    return result.rows[0];
  },
  async tokensOfUser(userId) {
    return (await pool().query<TokenListRow>({ name: "tokens-of-user", text: TOKENS_OF_USER, values: [userId] })).rows;
  },
  async *auditEventRows(columns, filter, batchSize) {
    if (columns[0] !== "createdAt") throw new Error("the first column is the time: it is also the position");
    const client = await pool().connect();
    try {
      const values = filter.values.map((value) => (value instanceof Date ? utcParam(value) : value));
      const n = values.length;
      // The position is (time, id): the time is the first column, the id comes last.
      const select = `SELECT ${[...columns, "id"].map((c) => `"${c}"`).join(", ")} FROM "AuditEvent" WHERE ${filter.text}`;
      const first = `${select} ORDER BY "createdAt" DESC, "id" DESC LIMIT $${n + 1}`;
      const next = `${select} AND ("createdAt", "id") < ($${n + 1}::timestamp, $${n + 2}) ORDER BY "createdAt" DESC, "id" DESC LIMIT $${n + 3}`;
      let batch = (await client.query<unknown[]>({ text: first, values: [...values, batchSize], rowMode: "array" })).rows;
      while (batch.length > 0) {
        const last = batch[batch.length - 1]!;
        const position = [String(last[0]).replace("+00:00", ""), last[columns.length]];
        yield batch;
        if (batch.length < batchSize) return;
        batch = (await client.query<unknown[]>({ text: next, values: [...values, ...position, batchSize], rowMode: "array" })).rows;
      }
    } finally {
      client.release();
    }
  },
  async touchTokens(uses) {
    await pool().query(TOUCH, [uses.map(([id]) => id), uses.map(([, at]) => utcParam(at))]);
  },
};
