import "server-only";
import Database from "better-sqlite3";
import { isBusy, retryWhileBusy } from "@/lib/server/busy";
import { databaseFile } from "@/lib/server/config.mjs";
import {
  RECENT_ADDRESSES,
  tokenByHashSql,
  tokensOfOwnerSql,
  type FastSql,
  type TokenListRow,
  type TokenLookupRow,
  type PermissionUse,
  type RequestLogLine,
  type TokenUse,
  type UsageCount,
} from "@/lib/dal/sql/contract";
import { forgottenBefore, networkUses, newNetworkUses, type TokenNetworkState } from "@/lib/dal/sql/networks";

// Each read is a read transaction of its own, so in WAL mode it sees every transaction
// committed before it, a token's delete included.

/** A time as Prisma stores it in SQLite: ISO 8601 with +00:00. */
const stored = (at: Date) => at.toISOString().replace("Z", "+00:00");
function prepare() {
  // Readers never wait for a writer in WAL mode; in the rare moment SQLite says busy anyway, the
  // read is retried asynchronously (read(), below) rather than in a busy wait.
  const reader = new Database(databaseFile(), { readonly: true, fileMustExist: true, timeout: 0 });
  // Writes never wait for a lock on the server's only thread: a busy database leaves them for later.
  const writer = new Database(databaseFile(), { fileMustExist: true, timeout: 0 });
  const touch = writer.prepare<[string, string, string, string, string]>(
    `UPDATE "ApiToken" SET "lastUsedAt" = ?, "lastUsedIp" = ?, "lastUsedClient" = ? WHERE "id" = ? AND ("lastUsedAt" IS NULL OR "lastUsedAt" < ?)`,
  );
  // Through a SELECT of the token, so that a token deleted since its use gets no row.
  const seen = writer.prepare<[string, string, string, string]>(
    `INSERT INTO "TokenAddress" ("tokenId", "ip", "lastSeenAt", "client") SELECT "id", ?, ?, ? FROM "ApiToken" WHERE "id" = ?
     ON CONFLICT ("tokenId", "ip") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt", "client" = excluded."client"
     WHERE excluded."lastSeenAt" > "TokenAddress"."lastSeenAt"`,
  );
  const prune = writer.prepare<[string, string, number]>(
    `DELETE FROM "TokenAddress" WHERE "tokenId" = ? AND "ip" NOT IN
       (SELECT "ip" FROM "TokenAddress" WHERE "tokenId" = ? ORDER BY "lastSeenAt" DESC LIMIT ?)`,
  );
  const exercised = writer.prepare<[string, string, string]>(
    `INSERT INTO "TokenPermissionUse" ("tokenId", "permission", "lastUsedAt") SELECT "id", ?, ? FROM "ApiToken" WHERE "id" = ?
     ON CONFLICT ("tokenId", "permission") DO UPDATE SET "lastUsedAt" = excluded."lastUsedAt"
     WHERE excluded."lastUsedAt" > "TokenPermissionUse"."lastUsedAt"`,
  );
  const count = writer.prepare<[string, string, string, string, string, number]>(
    `INSERT INTO "TokenUsage" ("tokenId", "span", "start", "dimension", "value", "count") VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT ("tokenId", "span", "start", "dimension", "value") DO UPDATE SET "count" = "count" + excluded."count"`,
  );
  const line = writer.prepare<[string, string, string, string, string, number, string, string, string, string]>(
    `INSERT INTO "TokenRequest" ("id", "tokenId", "at", "method", "path", "status", "outcome", "ip", "client", "requestId")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("id") DO NOTHING`,
  );
  // The keep-th newest line's position, then everything older than it: two steps on the (tokenId, at, id) index.
  const keepFrom = writer.prepare<[string, number], { at: string; id: string }>(
    `SELECT "at", "id" FROM "TokenRequest" WHERE "tokenId" = ? ORDER BY "at" DESC, "id" DESC LIMIT 1 OFFSET ?`,
  );
  const dropOlder = writer.prepare<[string, string, string]>(`DELETE FROM "TokenRequest" WHERE "tokenId" = ? AND ("at", "id") < (?, ?)`);
  // What the new-address warning reads of a token before its batch is written (lib/dal/sql/networks.ts).
  const tokenState = writer.prepare<[string], Pick<TokenNetworkState, "lastUsedAt" | "firstSeenAt">>(
    `SELECT t."lastUsedAt", (SELECT MIN(n."firstSeenAt") FROM "TokenNetwork" n WHERE n."tokenId" = t."id") AS "firstSeenAt"
     FROM "ApiToken" t WHERE t."id" = ?`,
  );
  const networkSeen = writer.prepare<[string, string], { network: string; lastSeenAt: string }>(
    `SELECT "network", "lastSeenAt" FROM "TokenNetwork" WHERE "tokenId" = ? AND "network" = ?`,
  );
  const addressesSeen = writer.prepare<[string], { network: string; lastSeenAt: string }>(
    `SELECT "ip" AS "network", "lastSeenAt" FROM "TokenAddress" WHERE "tokenId" = ?`,
  );
  const recordNetwork = writer.prepare<[string, string, string, string]>(
    `INSERT INTO "TokenNetwork" ("tokenId", "network", "firstSeenAt", "lastSeenAt") SELECT "id", ?, ?, ? FROM "ApiToken" WHERE "id" = ?
     ON CONFLICT ("tokenId", "network") DO UPDATE SET "lastSeenAt" = excluded."lastSeenAt"
     WHERE excluded."lastSeenAt" > "TokenNetwork"."lastSeenAt"`,
  );
  // A token's networks unseen for 30 days make no later use known: forgotten, so that they do not pile up.
  const forgetNetworks = writer.prepare<[string, string]>(`DELETE FROM "TokenNetwork" WHERE "tokenId" = ? AND "lastSeenAt" < ?`);
  return {
    addAll: writer.transaction((counts: UsageCount[], lines: RequestLogLine[], keep: number) => {
      for (const c of counts) count.run(c.tokenId, c.span, stored(c.start), c.dimension, c.value, c.count);
      for (const l of lines) line.run(l.id, l.tokenId, stored(l.at), l.method, l.path, l.status, l.outcome, l.ip, l.client, l.requestId);
      for (const tokenId of new Set(lines.map((l) => l.tokenId))) {
        const oldestKept = keep > 0 ? keepFrom.get(tokenId, keep - 1) : undefined;
        if (oldestKept) dropOlder.run(tokenId, oldestKept.at, oldestKept.id);
      }
    }),
    // Two unique indexes, one lookup each (SQLite's OR optimisation): the current secret, or the previous one in its overlap.
    tokenByHash: reader.prepare<[string, string, string], TokenLookupRow>(tokenByHashSql("?", "?", "?")),
    tokensOfOwner: reader.prepare<[string], TokenListRow>(tokensOfOwnerSql("?")),
    touchAll: writer.transaction((uses: TokenUse[], permissionUses: PermissionUse[]) => {
      // Read before anything of the batch is written: what the tokens were before these uses.
      const networks = networkUses(uses);
      const states = new Map<string, TokenNetworkState | null>();
      for (const { tokenId, network } of networks) {
        if (!states.has(tokenId)) {
          const token = tokenState.get(tokenId);
          states.set(tokenId, token ? { tokenId, ...token, seen: addressesSeen.all(tokenId) } : null);
        }
        states.get(tokenId)?.seen.push(...networkSeen.all(tokenId, network));
      }
      for (const { tokenId, network, firstAt, lastAt } of networks) recordNetwork.run(network, stored(firstAt), stored(lastAt), tokenId);
      if (networks.length > 0) for (const tokenId of states.keys()) forgetNetworks.run(tokenId, stored(forgottenBefore(networks)));
      for (const { tokenId, ip, client, at } of uses) {
        touch.run(stored(at), ip, client, tokenId, stored(at));
        seen.run(ip, stored(at), client, tokenId);
      }
      for (const { tokenId, permission, at } of permissionUses) exercised.run(permission, stored(at), tokenId);
      for (const tokenId of new Set(uses.map((use) => use.tokenId))) prune.run(tokenId, tokenId, RECENT_ADDRESSES);
      return newNetworkUses(
        networks,
        [...states.values()].filter((state) => state !== null),
      );
    }),
  };
}

// One pair of connections per process, also across hot reloads in development.
const globalForSql = globalThis as unknown as { tokenConsoleSql?: ReturnType<typeof prepare> };
const statements = () => (globalForSql.tokenConsoleSql ??= prepare());

/** A read at once; in the rare moment SQLite says busy, retried asynchronously (no promise chain otherwise). */
function read<T>(run: () => T): T | Promise<T> {
  try {
    return run();
  } catch (error) {
    if (!isBusy(error)) throw error;
    return retryWhileBusy(async () => run());
  }
}

export const sqliteFastSql: FastSql = {
  async tokenByHash(tokenHash) {
    return read(() => statements().tokenByHash.get(tokenHash, tokenHash, tokenHash));
  },
  async tokensOfOwner(ownerId) {
    return read(() => statements().tokensOfOwner.all(ownerId));
  },
  async *auditEventRows(columns, filter, batchSize) {
    if (columns[0] !== "createdAt") throw new Error("the first column is the time: it is also the position");
    const connection = new Database(databaseFile(), { readonly: true, fileMustExist: true, timeout: 1000 });
    // It reads each page once, in order: a small cache does, and keeps the export's memory flat.
    connection.pragma("cache_size = -2000");
    try {
      const values = filter.values.map((value) => (value instanceof Date ? stored(value) : value));
      // The position is (time, id): the time is the first column, the id comes last.
      const select = `SELECT ${[...columns, "id"].map((c) => `"${c}"`).join(", ")} FROM "AuditEvent" WHERE ${filter.sql}`;
      const order = `ORDER BY "createdAt" DESC, "id" DESC LIMIT ?`;
      const first = connection.prepare(`${select} ${order}`).raw(true);
      const next = connection.prepare(`${select} AND ("createdAt", "id") < (?, ?) ${order}`).raw(true);
      let batch = first.all(...values, batchSize) as unknown[][];
      while (batch.length > 0) {
        const last = batch[batch.length - 1]!;
        const position = [last[0], last[columns.length]];
        yield batch;
        if (batch.length < batchSize) return;
        batch = next.all(...values, ...position, batchSize) as unknown[][];
      }
    } finally {
      connection.close();
    }
  },
  async touchTokens(uses, permissionUses) {
    return statements().touchAll(uses, permissionUses);
  },
  async addActivity(counts, lines, keep) {
    statements().addAll(counts, lines, keep);
  },
};
