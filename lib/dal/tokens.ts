import "server-only";
import { assertAdmin, type Actor, type SessionUser } from "@/lib/dal/access";
import { appendEvent, recordEvent, type AuditEventInput, type TokenSnapshot } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { enqueueNotice } from "@/lib/dal/notifications";
import { paginate } from "@/lib/dal/pagination";
import { leaveRevocationNotice } from "@/lib/dal/revocation-notices";
import { Prisma } from "@/lib/generated/prisma/client";
import { allowedIpsFromStored, storedAllowedIps } from "@/lib/ip-allowlist";
import { EXPIRING_SOON_MS, type AdminTokenRow, type Page, type Scope, type TokenRow } from "@/lib/model";
import { secrets } from "@/lib/server/secrets.mjs";
import { byCodePoint } from "@/lib/dal/sql/dialect";
import { db, writeTransaction, type WriteLock } from "@/lib/server/db";
import { fastSql } from "@/lib/dal/sql";
import { generateToken, hashToken } from "@/lib/server/token-format";
import { ADMIN_PAGE_SIZE, type AdminTokenQuery } from "@/lib/validation/admin";
import { MAX_TOKENS_PER_USER, TOKEN_PAGE_SIZE, tokenNameKey, type TokenListQuery } from "@/lib/validation/api-token";

/**
 * A time as SQLite holds it (ISO 8601 with +00:00), as ISO 8601 in UTC (what Prisma's Date
 * gives): by string, on the API's path, where every Date costs (Next.js wraps the constructor).
 */
const isoTime = (stored: string) => (stored.endsWith("+00:00") ? `${stored.slice(0, -6)}Z` : new Date(stored).toISOString());

/** The fields a TokenRow is made of (toRow). */
export const tokenRowSelect = {
  id: true,
  name: true,
  scope: true,
  displayPrefix: true,
  description: true,
  allowedIps: true,
  createdAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  lastUsedClient: true,
  expiresAt: true,
  previousValidUntil: true,
} as const satisfies Prisma.ApiTokenSelect;

/** A roll's overlap while it runs; one that has ended is no longer news. */
const runningOverlap = (until: string | null) => (until && Date.parse(until) > Date.now() ? isoTime(until) : null);

export function toRow(token: Prisma.ApiTokenGetPayload<{ select: typeof tokenRowSelect }>): TokenRow {
  return {
    ...token,
    allowedIps: allowedIpsFromStored(token.allowedIps),
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
    previousValidUntil: runningOverlap(token.previousValidUntil?.toISOString() ?? null),
  };
}

/** A token with its owner: what an audit event keeps of it. */
export const snapshotSelect = { ...tokenRowSelect, user: { select: { id: true, email: true } } } as const satisfies Prisma.ApiTokenSelect;

export function snapshot(token: Prisma.ApiTokenGetPayload<{ select: typeof snapshotSelect }>): TokenSnapshot {
  return { id: token.id, name: token.name, scope: token.scope, displayPrefix: token.displayPrefix, owner: token.user };
}

/** How a change was made: the request it came from, and the API token that made it, if any. */
export type ChangeContext = { meta: RequestMeta; viaTokenId?: string };

// --- The owner's view ------------------------------------------------------------------------

/** One page of the actor's own tokens, filtered, sorted and paginated by the database. */
export async function listTokens(actor: Actor, query: TokenListQuery): Promise<Page<TokenRow>> {
  const where: Prisma.ApiTokenWhereInput = { userId: actor.id };
  const search = tokenNameKey(query.q.trim());
  if (search) where.nameKey = { contains: search };
  if (query.show === "expiring") where.expiresAt = expiringSoonRange(Date.now());
  const orderBy: Prisma.ApiTokenOrderByWithRelationInput[] = [
    query.sort === "name" ? { nameKey: query.dir } : { createdAt: query.dir },
    { id: query.dir },
  ];
  const total = await db.apiToken.count({ where });
  return paginate(total, query.page, TOKEN_PAGE_SIZE, async (skip, take) =>
    (await db.apiToken.findMany({ where, orderBy, skip, take, select: tokenRowSelect })).map(toRow),
  );
}

/** How many of the actor's tokens expire within the next 7 days (the listing's notice). */
export async function countExpiringSoon(actor: Actor, now = Date.now()): Promise<number> {
  return db.apiToken.count({ where: { userId: actor.id, expiresAt: expiringSoonRange(now) } });
}
const expiringSoonRange = (now: number) => ({ gt: new Date(now), lte: new Date(now + EXPIRING_SOON_MS) });

/** All of the actor's tokens, oldest first: the platform API lists them without pagination (there are at most 100). */
export async function listAllTokens(actor: Actor): Promise<TokenRow[]> {
  const rows = await fastSql.tokensOfUser(actor.id);
  return rows.map((row) => ({
    ...row,
    allowedIps: allowedIpsFromStored(row.allowedIps),
    createdAt: isoTime(row.createdAt),
    lastUsedAt: row.lastUsedAt && isoTime(row.lastUsedAt),
    expiresAt: row.expiresAt && isoTime(row.expiresAt),
    previousValidUntil: runningOverlap(row.previousValidUntil),
  }));
}

export type CreateTokenResult = { ok: true; token: TokenRow; secret: string } | { ok: false; reason: "duplicate_name" | "limit_reached" };

class TokenLimitReached extends Error {}

/**
 * Creates a token for the actor. The secret is returned to be shown once; only its HMAC is stored.
 * The count and the insert share one transaction, so the cap holds under concurrent requests,
 * and the (userId, nameKey) unique index makes a duplicate name fail even when two arrive at once.
 */
/** What a new token is: its name, scope and expiry (null: it does not expire), what it is for and where it may be used from. */
export type NewToken = { name: string; scope: Scope; expiresAt?: Date | null; description?: string; allowedIps?: string[] };

export async function createToken(actor: Actor, input: NewToken, context: ChangeContext): Promise<CreateTokenResult> {
  const { token, displayPrefix } = generateToken();
  const tokenHash = hashToken(token, secrets().tokenPepper);
  try {
    const created = await writeTransaction(
      async (tx) => {
        const count = await tx.apiToken.count({ where: { userId: actor.id } });
        if (count >= MAX_TOKENS_PER_USER) throw new TokenLimitReached();
        const row = await tx.apiToken.create({
          data: {
            userId: actor.id,
            name: input.name,
            nameKey: tokenNameKey(input.name),
            scope: input.scope,
            tokenHash,
            displayPrefix,
            description: input.description ?? "",
            allowedIps: storedAllowedIps(input.allowedIps ?? []),
            createdAt: context.meta.at,
            expiresAt: input.expiresAt ?? null,
          },
          select: snapshotSelect,
        });
        await appendEvent(tx, {
          action: "token.created",
          actor: { userId: actor.id, email: row.user.email, tokenId: context.viaTokenId },
          token: snapshot(row),
          meta: context.meta,
        });
        await enqueueNotice(tx, "token.created", snapshot(row), {
          at: context.meta.at ?? new Date(),
          expiresAt: input.expiresAt,
          meta: context.meta,
          occasion: "created",
        });
        const { user: _owner, ...rest } = row;
        return rest;
      },
      { lock: ["user", actor.id] },
    );
    return { ok: true, token: toRow(created), secret: token };
  } catch (error) {
    if (error instanceof TokenLimitReached) return { ok: false, reason: "limit_reached" };
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "duplicate_name" };
    throw error;
  }
}

/**
 * Deletes the token `where` matches, hash included, so nothing can match it afterwards, and
 * records `action` in the same transaction. Returns null, and records nothing, when no token
 * matches. Used for an owner's delete and an admin's revoke alike.
 */
async function deleteTokenRecorded(
  where: Prisma.ApiTokenWhereUniqueInput,
  action: "token.deleted" | "token.revoked_by_admin",
  actor: (token: TokenSnapshot) => AuditEventInput["actor"],
  context: ChangeContext,
  lock: WriteLock,
): Promise<TokenSnapshot | null> {
  try {
    return await writeTransaction(
      async (tx) => {
        const deleted = snapshot(await tx.apiToken.delete({ where, select: snapshotSelect }));
        const by = actor(deleted);
        await appendEvent(tx, { action, actor: by, token: deleted, meta: context.meta });
        // The owner learns of an admin's revocation, by email and on their API Token page; their
        // own delete needs no telling, nor does an admin revoking a token of their own.
        if (action === "token.revoked_by_admin" && by?.userId !== deleted.owner.id) {
          const at = context.meta.at ?? new Date();
          await enqueueNotice(tx, "token.revoked", deleted, { at, occasion: "revoked" });
          await leaveRevocationNotice(tx, deleted, at);
        }
        return deleted;
      },
      { lock },
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
    throw error;
  }
}

/**
 * Deletes one of the actor's tokens. Ownership is in the delete's own where clause: another
 * user's id and a missing id both return null, indistinguishably, and leave no event.
 */
export async function deleteToken(actor: Actor, id: string, context: ChangeContext): Promise<{ name: string } | null> {
  const deleted = await deleteTokenRecorded(
    { id, userId: actor.id },
    "token.deleted",
    (token) => ({ userId: actor.id, email: token.owner.email, tokenId: context.viaTokenId }),
    context,
    ["user", actor.id],
  );
  return deleted && { name: deleted.name };
}

// --- The platform API's view ------------------------------------------------------------------

/** What an API request learns from its token: enough to authorize and to describe its account, nothing secret. */
export type ApiPrincipal = {
  tokenId: string;
  userId: string;
  scope: Scope;
  lastUsedAt: number | null;
  /** The address of that last use: last-used is noted per token per address. */
  lastUsedIp: string | null;
  /** Normalised addresses and ranges, as stored ("": anywhere); lib/api/handler.ts matches the client against them. */
  allowedIps: string;
  /** When the token stops working (ms), or null. */
  expiresAt: number | null;
  /** Whether a refusal after expiry has been audited already (it is, once). */
  expiredUseAudited: boolean;
  /** Authenticated by a rolled token's previous secret, in its overlap: may not manage keys (lib/api/previous-secret.ts). */
  viaPreviousSecret: boolean;
  account: { id: string; email: string; name: string; role: "MEMBER" | "ADMIN"; createdAt: string };
};

/**
 * The one query every API request makes: a token by its HMAC, on the unique index, joined with
 * its owner (what account/info answers). There is no cache, so a token deleted a moment ago is
 * gone for the very next request (lib/dal/sql/index.ts says why).
 */
export async function findTokenByHash(tokenHash: string): Promise<ApiPrincipal | null> {
  const row = await fastSql.tokenByHash(tokenHash);
  // A rolled token's previous secret opens it only until its overlap ends.
  if (!row || (!row.current && !runningOverlap(row.previousValidUntil))) return null;
  return {
    tokenId: row.id,
    userId: row.userId,
    scope: row.scope,
    lastUsedAt: row.lastUsedAt ? Date.parse(row.lastUsedAt) : null,
    lastUsedIp: row.lastUsedIp,
    allowedIps: row.allowedIps,
    expiresAt: row.expiresAt ? Date.parse(row.expiresAt) : null,
    expiredUseAudited: row.expiredUseAuditedAt !== null,
    viaPreviousSecret: !row.current,
    account: { id: row.userId, email: row.email, name: row.name, role: row.role, createdAt: isoTime(row.userCreatedAt) },
  };
}

/** Records that a token was used, and from where (the demo data's history; the API batches its own, lib/dal/last-used.ts). */
export async function recordTokenUse(tokenId: string, at: Date, from?: { ip: string; client: string }): Promise<void> {
  await writeTransaction(
    async (tx) => {
      // updateMany: a token deleted a moment ago is simply not there to update.
      const { count } = await tx.apiToken.updateMany({
        where: { id: tokenId },
        data: { lastUsedAt: at, lastUsedIp: from?.ip ?? null, lastUsedClient: from?.client ?? null },
      });
      if (count === 0 || !from) return;
      await tx.tokenAddress.upsert({
        where: { tokenId_ip: { tokenId, ip: from.ip } },
        create: { tokenId, ip: from.ip, client: from.client, lastSeenAt: at },
        update: { client: from.client, lastSeenAt: at },
      });
    },
    { lock: ["token", tokenId] },
  );
}

/** Audits a request an API token may not make (403: beyond its scope, or from outside its allowed IPs), naming the token as it is now. */
export async function recordApiDenied(principal: { tokenId: string; userId: string }, detail: string, meta: RequestMeta): Promise<void> {
  const token = await db.apiToken.findUnique({ where: { id: principal.tokenId }, select: snapshotSelect });
  await recordEvent({
    action: "api.denied",
    actor: { userId: principal.userId, email: token?.user.email ?? null, tokenId: principal.tokenId },
    token: token ? snapshot(token) : undefined,
    detail,
    meta,
  });
}

// --- The admin's view -------------------------------------------------------------------------

/** Every token of every user, filtered by owner email and name, sorted and paginated by the database. */
export async function listTokensForAdmin(admin: SessionUser, query: AdminTokenQuery): Promise<Page<AdminTokenRow>> {
  assertAdmin(admin);
  // Raw SQL, so that every filter, order and page runs on an index (Prisma's own count and
  // relation order would not): owner and name match by their beginning, a range on an index.
  const prefix = (text: string) => [text, `${text}\u{10FFFF}`] as const;
  const parts: Prisma.Sql[] = [];
  if (query.owner) {
    const [from, to] = prefix(query.owner.toLowerCase());
    parts.push(Prisma.sql`u."email"${byCodePoint()} >= ${from} AND u."email"${byCodePoint()} < ${to}`);
  }
  if (query.q) {
    const [from, to] = prefix(tokenNameKey(query.q));
    parts.push(Prisma.sql`t."nameKey"${byCodePoint()} >= ${from} AND t."nameKey"${byCodePoint()} < ${to}`);
  }
  if (query.expiry) {
    const now = new Date();
    parts.push(
      query.expiry === "expired"
        ? Prisma.sql`t."expiresAt" <= ${now}`
        : Prisma.sql`t."expiresAt" > ${now} AND t."expiresAt" <= ${new Date(now.getTime() + EXPIRING_SOON_MS)}`,
    );
  }
  const filter = parts.length > 0 ? Prisma.join(parts, " AND ") : Prisma.sql`1 = 1`;
  const dir = Prisma.raw(query.dir === "asc" ? "ASC" : "DESC");
  const order: Record<AdminTokenQuery["sort"], Prisma.Sql> = {
    // By owner: walk the users by email, each one's tokens by time (a nested loop on two indexes, no sort).
    owner: Prisma.sql`u."email" ${dir}, t."createdAt" ${dir}, t."id" ${dir}`,
    name: Prisma.sql`t."nameKey" ${dir}, t."id" ${dir}`,
    // The never-used first going up and last going down: SQLite's own order on the index, said for PostgreSQL.
    lastUsedAt: Prisma.sql`t."lastUsedAt" ${dir} ${Prisma.raw(query.dir === "asc" ? "NULLS FIRST" : "NULLS LAST")}, t."id" ${dir}`,
    createdAt: Prisma.sql`t."createdAt" ${dir}, t."id" ${dir}`,
  };
  // The owners' table joins only when the filter or the order needs it: a deep page then walks one index.
  const from =
    query.owner || query.sort === "owner"
      ? Prisma.sql`FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE ${filter}`
      : Prisma.sql`FROM "ApiToken" t WHERE ${filter}`;
  const [counted] = await db.$queryRaw<Array<{ n: number | bigint }>>`SELECT COUNT(*) AS "n" ${from}`;
  return paginate(Number(counted?.n ?? 0), query.page, ADMIN_PAGE_SIZE, async (skip, take) => {
    // A deep page walks the index for ids alone, then reads the page's rows: OFFSET never reads the rows it skips.
    const ids = (
      await db.$queryRaw<Array<{ id: string }>>`SELECT t."id" ${from} ORDER BY ${order[query.sort]} LIMIT ${take} OFFSET ${skip}`
    ).map((row) => row.id);
    const rows = await db.apiToken.findMany({
      where: { id: { in: ids } },
      select: { ...tokenRowSelect, user: { select: { email: true, name: true } } },
    });
    const byId = new Map(rows.map(({ user, ...row }) => [row.id, { ...toRow(row), ownerEmail: user.email, ownerName: user.name }]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  });
}

/** Revokes any user's token, recorded with the admin as the actor in the same transaction. */
export async function revokeTokenAsAdmin(
  admin: SessionUser,
  id: string,
  context: ChangeContext,
): Promise<{ name: string; ownerEmail: string } | null> {
  assertAdmin(admin);
  const revoked = await deleteTokenRecorded({ id }, "token.revoked_by_admin", () => ({ userId: admin.id, email: admin.email }), context, [
    "token",
    id,
  ]);
  return revoked && { name: revoked.name, ownerEmail: revoked.owner.email };
}
