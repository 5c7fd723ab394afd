import "server-only";
import { assertAdmin, type Actor, type SessionUser } from "@/lib/dal/access";
import { appendEvent, recordEvent, type AuditEventInput, type RequestMeta, type TokenSnapshot } from "@/lib/dal/audit";
import { paginate } from "@/lib/dal/pagination";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AdminTokenRow, Page, Scope, TokenRow } from "@/lib/model";
import { secrets } from "@/lib/server/config.mjs";
import { db } from "@/lib/server/db";
import { generateToken, hashToken } from "@/lib/server/token-format";
import { ADMIN_PAGE_SIZE, type AdminTokenQuery } from "@/lib/validation/admin";
import {
  MAX_TOKENS_PER_USER,
  TOKEN_PAGE_SIZE,
  tokenNameKey,
  type CreateTokenValues,
  type TokenListQuery,
} from "@/lib/validation/api-token";

const tokenRowSelect = {
  id: true,
  name: true,
  scope: true,
  displayPrefix: true,
  createdAt: true,
  lastUsedAt: true,
} as const satisfies Prisma.ApiTokenSelect;

function toRow(token: Prisma.ApiTokenGetPayload<{ select: typeof tokenRowSelect }>): TokenRow {
  return { ...token, createdAt: token.createdAt.toISOString(), lastUsedAt: token.lastUsedAt?.toISOString() ?? null };
}

/** A token with its owner: what an audit event keeps of it. */
const snapshotSelect = { ...tokenRowSelect, user: { select: { id: true, email: true } } } as const satisfies Prisma.ApiTokenSelect;

function snapshot(token: Prisma.ApiTokenGetPayload<{ select: typeof snapshotSelect }>): TokenSnapshot {
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
  const orderBy: Prisma.ApiTokenOrderByWithRelationInput[] = [
    query.sort === "name" ? { nameKey: query.dir } : { createdAt: query.dir },
    { id: query.dir },
  ];
  const total = await db.apiToken.count({ where });
  return paginate(total, query.page, TOKEN_PAGE_SIZE, async (skip, take) =>
    (await db.apiToken.findMany({ where, orderBy, skip, take, select: tokenRowSelect })).map(toRow),
  );
}

/** All of the actor's tokens, oldest first: the platform API lists them without pagination (there are at most 100). */
export async function listAllTokens(actor: Actor): Promise<TokenRow[]> {
  const rows = await db.apiToken.findMany({
    where: { userId: actor.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: tokenRowSelect,
  });
  return rows.map(toRow);
}

export type CreateTokenResult = { ok: true; token: TokenRow; secret: string } | { ok: false; reason: "duplicate_name" | "limit_reached" };

class TokenLimitReached extends Error {}

/**
 * Creates a token for the actor. The secret is returned to be shown once; only its HMAC is stored.
 * The count and the insert share one transaction, so the cap holds under concurrent requests,
 * and the (userId, nameKey) unique index makes a duplicate name fail even when two arrive at once.
 */
export async function createToken(actor: Actor, input: CreateTokenValues, context: ChangeContext): Promise<CreateTokenResult> {
  const { token, displayPrefix } = generateToken();
  const tokenHash = hashToken(token, secrets().tokenPepper);
  try {
    const created = await db.$transaction(async (tx) => {
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
          createdAt: context.meta.at,
        },
        select: snapshotSelect,
      });
      await appendEvent(tx, {
        action: "token.created",
        actor: { userId: actor.id, email: row.user.email, tokenId: context.viaTokenId },
        token: snapshot(row),
        meta: context.meta,
      });
      const { user: _owner, ...rest } = row;
      return rest;
    });
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
): Promise<TokenSnapshot | null> {
  try {
    return await db.$transaction(async (tx) => {
      const deleted = snapshot(await tx.apiToken.delete({ where, select: snapshotSelect }));
      await appendEvent(tx, { action, actor: actor(deleted), token: deleted, meta: context.meta });
      return deleted;
    });
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
  );
  return deleted && { name: deleted.name };
}

// --- The platform API's view ------------------------------------------------------------------

/** What an API request learns from its token: enough to authorize, nothing secret. */
export type ApiPrincipal = { tokenId: string; userId: string; scope: Scope; lastUsedAt: number | null };

/**
 * The one query every API request makes: a token by its HMAC, on the unique index, through the
 * same connection that deletes tokens. There is no cache, so a token deleted a moment ago is
 * gone for the very next request.
 */
export async function findTokenByHash(tokenHash: string): Promise<ApiPrincipal | null> {
  const token = await db.apiToken.findUnique({ where: { tokenHash }, select: { id: true, userId: true, scope: true, lastUsedAt: true } });
  if (!token) return null;
  return { tokenId: token.id, userId: token.userId, scope: token.scope, lastUsedAt: token.lastUsedAt?.getTime() ?? null };
}

/** Records that a token was used. Callers throttle this: it is not meant for every request. */
export async function recordTokenUse(tokenId: string, at: Date): Promise<void> {
  // updateMany: a token deleted a moment ago is simply not there to update.
  await db.apiToken.updateMany({ where: { id: tokenId }, data: { lastUsedAt: at } });
}

/** Audits a request an API token made beyond its scope (403), naming the token as it is now. */
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
  const where: Prisma.ApiTokenWhereInput = {};
  if (query.owner) where.user = { email: { contains: query.owner.toLowerCase() } };
  if (query.q) where.nameKey = { contains: tokenNameKey(query.q) };
  const sortKey: Record<AdminTokenQuery["sort"], Prisma.ApiTokenOrderByWithRelationInput> = {
    owner: { user: { email: query.dir } },
    name: { nameKey: query.dir },
    lastUsedAt: { lastUsedAt: { sort: query.dir, nulls: "last" } },
    createdAt: { createdAt: query.dir },
  };
  const orderBy = [sortKey[query.sort], { id: query.dir }];
  const total = await db.apiToken.count({ where });
  return paginate(total, query.page, ADMIN_PAGE_SIZE, async (skip, take) => {
    const rows = await db.apiToken.findMany({
      where,
      orderBy,
      skip,
      take,
      select: { ...tokenRowSelect, user: { select: { email: true, name: true } } },
    });
    return rows.map(({ user, ...row }) => ({ ...toRow(row), ownerEmail: user.email, ownerName: user.name }));
  });
}

/** Revokes any user's token, recorded with the admin as the actor in the same transaction. */
export async function revokeTokenAsAdmin(
  admin: SessionUser,
  id: string,
  context: ChangeContext,
): Promise<{ name: string; ownerEmail: string } | null> {
  assertAdmin(admin);
  const revoked = await deleteTokenRecorded({ id }, "token.revoked_by_admin", () => ({ userId: admin.id, email: admin.email }), context);
  return revoked && { name: revoked.name, ownerEmail: revoked.owner.email };
}
