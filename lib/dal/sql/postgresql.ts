import "server-only";
import pg from "pg";
import { createPgPool } from "@/lib/server/pg-pool";
import {
  RECENT_ADDRESSES,
  tokenByHashSql,
  tokensOfOwnerSql,
  type FastSql,
  type TokenListRow,
  type RequestLogLine,
  type TokenLookupRow,
  type UsageCount,
} from "@/lib/dal/sql/contract";
import { forgottenBefore, networkUses, newNetworkUses, type TokenNetworkState } from "@/lib/dal/sql/networks";

// Named statements, prepared once per connection of a pool of their own. Each runs in its own
// READ COMMITTED transaction: the request after a delete, on any instance, finds no token.

const OID_TIMESTAMP = 1114; // timestamp without time zone: Prisma stores UTC there
/** "2026-11-28 20:23:09.317" → "2026-11-28T20:23:09.317+00:00", as SQLite's rows read. */
const utcText = (value: string) => `${value.replace(" ", "T")}+00:00`;
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === OID_TIMESTAMP ? utcText : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};
/** A Date as a timestamp without time zone, in UTC whatever the server's or the session's zone. */
const utcParam = (at: Date) => at.toISOString().replace("T", " ").replace("Z", "");

const TOKEN_BY_HASH = tokenByHashSql("$1", "$1", "$1");
const TOKENS_OF_OWNER = tokensOfOwnerSql("$1");
const USES = `unnest($1::text[], $2::text[], $3::text[], $4::timestamp[]) AS u("id", "ip", "client", "at")`;
// Several instances each throttle last-used writes to one a minute per token and address; this
// keeps a token used from one address on all of them from being written by each.
const TOUCH = `UPDATE "ApiToken" t SET "lastUsedAt" = l."at", "lastUsedIp" = l."ip", "lastUsedClient" = l."client"
  FROM (SELECT DISTINCT ON ("id") * FROM ${USES} ORDER BY "id", "at" DESC) AS l
  WHERE t."id" = l."id" AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < l."at" - interval '59 seconds'
    OR (t."lastUsedIp" IS DISTINCT FROM l."ip" AND t."lastUsedAt" < l."at"))`;
// Joined with the tokens, so that a token deleted since its use gets no row.
const SEEN = `INSERT INTO "TokenAddress" ("tokenId", "ip", "lastSeenAt", "client")
  SELECT u."id", u."ip", u."at", u."client" FROM ${USES} JOIN "ApiToken" t ON t."id" = u."id"
  ON CONFLICT ("tokenId", "ip") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "client" = excluded."client"
  WHERE "TokenAddress"."lastSeenAt" < excluded."lastSeenAt"`;
const EXERCISED = `INSERT INTO "TokenPermissionUse" ("tokenId", "permission", "lastUsedAt")
  SELECT u."id", u."permission", u."at" FROM unnest($1::text[], $2::text[], $3::timestamp[]) AS u("id", "permission", "at")
    JOIN "ApiToken" t ON t."id" = u."id"
  ON CONFLICT ("tokenId", "permission") DO UPDATE SET "lastUsedAt" = excluded."lastUsedAt"
  WHERE "TokenPermissionUse"."lastUsedAt" < excluded."lastUsedAt"`;
const PRUNE = `DELETE FROM "TokenAddress" a USING (
    SELECT "tokenId", "ip", row_number() OVER (PARTITION BY "tokenId" ORDER BY "lastSeenAt" DESC) AS n
    FROM "TokenAddress" WHERE "tokenId" = ANY($1::text[])) r
  WHERE a."tokenId" = r."tokenId" AND a."ip" = r."ip" AND r.n > $2`;
// What the new-address warning reads of the batch's tokens before the batch is written
// (lib/dal/sql/networks.ts): their last use, first network, and when their networks and recent
// addresses were last seen.
// One round trip: a row per token and network or address seen (one with none when it has none).
const TOKEN_STATE = `SELECT t."id" AS "tokenId", t."lastUsedAt", f."firstSeenAt", s."network", s."lastSeenAt"
  FROM "ApiToken" t
  CROSS JOIN LATERAL (SELECT min(n."firstSeenAt") AS "firstSeenAt" FROM "TokenNetwork" n WHERE n."tokenId" = t."id") f
  LEFT JOIN LATERAL (
    SELECT n."network", n."lastSeenAt" FROM unnest($1::text[], $2::text[]) AS u("id", "network")
      JOIN "TokenNetwork" n ON n."tokenId" = u."id" AND n."network" = u."network" WHERE u."id" = t."id"
    UNION ALL SELECT a."ip", a."lastSeenAt" FROM "TokenAddress" a WHERE a."tokenId" = t."id") s ON true
  WHERE t."id" = ANY($1::text[])`;
// With, in the same round trip, the token's other networks not seen for 30 days: they can make
// no later use known (disjoint rows: the batch's own are only upserted).
const NETWORK = `WITH u AS (SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::timestamp[]) AS u("id", "network", "first", "last")),
  forgotten AS (DELETE FROM "TokenNetwork" n WHERE n."tokenId" IN (SELECT "id" FROM u) AND n."lastSeenAt" < $5::timestamp
    AND NOT EXISTS (SELECT 1 FROM u WHERE u."id" = n."tokenId" AND u."network" = n."network"))
  INSERT INTO "TokenNetwork" ("tokenId", "network", "firstSeenAt", "lastSeenAt")
  SELECT u."id", u."network", u."first", u."last" FROM u JOIN "ApiToken" t ON t."id" = u."id"
  ON CONFLICT ("tokenId", "network") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"
  WHERE "TokenNetwork"."lastSeenAt" < excluded."lastSeenAt"`;

type StateRow = Omit<TokenNetworkState, "seen"> & { network: string | null; lastSeenAt: string | null };

// Counts add up across instances: each adds its own to what is stored. An int4 count stops at its
// largest (every token's day bucket passes it at ~25,000 requests a second): past it the batch,
// every token's, would fail, and fail again at each retry, for good.
const COUNT = `INSERT INTO "TokenUsage" ("tokenId", "span", "start", "dimension", "value", "count")
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::text[], $5::text[], $6::int[])
  ON CONFLICT ("tokenId", "span", "start", "dimension", "value") DO UPDATE
    SET "count" = LEAST("TokenUsage"."count"::bigint + excluded."count", 2147483647)::int`;
const LINES = `INSERT INTO "TokenRequest" ("id", "tokenId", "at", "method", "path", "status", "outcome", "ip", "client", "requestId")
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamp[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[], $10::text[])
  ON CONFLICT ("id") DO NOTHING`;
const KEEP = `DELETE FROM "TokenRequest" r USING (
    SELECT "id", row_number() OVER (PARTITION BY "tokenId" ORDER BY "at" DESC, "id" DESC) AS n
    FROM "TokenRequest" WHERE "tokenId" = ANY($1::text[])) k
  WHERE r."id" = k."id" AND k.n > $2`;
const countKey = (c: UsageCount) => `${c.tokenId}\u0000${c.span}\u0000${c.start.getTime()}\u0000${c.dimension}\u0000${c.value}`;

const byToken = (a: { tokenId: string }, b: { tokenId: string }) => (a.tokenId < b.tokenId ? -1 : a.tokenId > b.tokenId ? 1 : 0);

// One pool per process, also across hot reloads in development.
const globalForPg = globalThis as unknown as { tokenConsolePg?: pg.Pool };
// The API's reads answer in milliseconds: 5 s without an answer is a server that is not there.
const createPool = () => createPgPool("reads", { queryTimeoutMs: 5_000, types });
const pool = () => (globalForPg.tokenConsolePg ??= createPool());

export const pgFastSql: FastSql = {
  async tokenByHash(tokenHash) {
    const result = await pool().query<TokenLookupRow>({ name: "token-by-hash", text: TOKEN_BY_HASH, values: [tokenHash] });
    return result.rows[0];
  },
  async tokensOfOwner(ownerId) {
    return (await pool().query<TokenListRow>({ name: "tokens-of-owner", text: TOKENS_OF_OWNER, values: [ownerId] })).rows;
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
  async touchTokens(uses, permissionUses) {
    // In one order on every instance, so that two instances' batches never wait on each other in a cycle.
    const sorted = [...uses].sort(byToken);
    const exercised = [...permissionUses].sort((a, b) => byToken(a, b) || (a.permission < b.permission ? -1 : 1));
    const columns = [sorted.map((u) => u.tokenId), sorted.map((u) => u.ip), sorted.map((u) => u.client), sorted.map((u) => utcParam(u.at))];
    const client = await pool().connect();
    let broken: Error | undefined;
    try {
      // Bounded: a session holding these rows (an operator's psql, a paused instance) makes the
      // batch wait for the next flush, never holds a connection of this pool for long.
      await client.query("BEGIN; SET LOCAL lock_timeout = '1s'; SET LOCAL statement_timeout = '5s'");
      // Read before anything of the batch is written: what the tokens were before these uses.
      const networks = networkUses(sorted);
      const networkColumns = [networks.map((u) => u.tokenId), networks.map((u) => u.network)];
      const stateOf = new Map<string, TokenNetworkState>();
      const read = networks.length > 0 ? (await client.query<StateRow>(TOKEN_STATE, networkColumns)).rows : [];
      for (const { tokenId, lastUsedAt, firstSeenAt, network, lastSeenAt } of read) {
        if (!stateOf.has(tokenId)) stateOf.set(tokenId, { tokenId, lastUsedAt, firstSeenAt, seen: [] });
        if (network !== null && lastSeenAt !== null) stateOf.get(tokenId)!.seen.push({ network, lastSeenAt });
      }
      await client.query(TOUCH, columns);
      await client.query(SEEN, columns);
      if (exercised.length > 0) {
        const values = [exercised.map((u) => u.tokenId), exercised.map((u) => u.permission), exercised.map((u) => utcParam(u.at))];
        await client.query(EXERCISED, values);
      }
      await client.query(PRUNE, [[...new Set(columns[0])], RECENT_ADDRESSES]);
      if (networks.length > 0) {
        const times = [networks.map((u) => utcParam(u.firstAt)), networks.map((u) => utcParam(u.lastAt))];
        await client.query(NETWORK, [...networkColumns, ...times, utcParam(forgottenBefore(networks))]);
      }
      await client.query("COMMIT");
      return newNetworkUses(networks, [...stateOf.values()]);
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool, not reused.
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  },
  async addActivity(counts, lines, keep) {
    // In one order on every instance, so that two instances' batches never wait on each other in a cycle.
    const sorted = counts
      .map((c) => [countKey(c), c] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, c]) => c);
    const client = await pool().connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN; SET LOCAL lock_timeout = '1s'; SET LOCAL statement_timeout = '10s'");
      if (sorted.length > 0) {
        const columns = [sorted.map((c) => c.tokenId), sorted.map((c) => c.span), sorted.map((c) => utcParam(c.start))];
        await client.query(COUNT, [...columns, sorted.map((c) => c.dimension), sorted.map((c) => c.value), sorted.map((c) => c.count)]);
      }
      if (lines.length > 0) {
        const pick = <K extends keyof RequestLogLine>(key: K) => lines.map((l) => l[key]);
        await client.query(LINES, [
          pick("id"),
          pick("tokenId"),
          lines.map((l) => utcParam(l.at)),
          pick("method"),
          pick("path"),
          pick("status"),
          pick("outcome"),
          pick("ip"),
          pick("client"),
          pick("requestId"),
        ]);
        await client.query(KEEP, [[...new Set(lines.map((l) => l.tokenId))], keep]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      client.release(broken);
    }
  },
};
