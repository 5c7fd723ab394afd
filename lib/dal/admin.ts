import "server-only";
import { paginate, type Page } from "@/lib/dal/pagination";
import { deleteTokenRecorded, tokenRowSelect, toRow, type ChangeContext, type TokenRow } from "@/lib/dal/tokens";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { tokenNameKey } from "@/lib/validation/api-token";
import { ADMIN_PAGE_SIZE, type AdminTokenQuery, type AuditQuery } from "@/lib/validation/admin";
import type { AuditAction } from "@/lib/audit-actions";

/** Thrown when a member reaches an admin function: every one checks, whatever called it. */
export class NotAuthorized extends Error {
  constructor() {
    super("This needs an admin.");
  }
}

function assertAdmin(actor: SessionUser) {
  if (actor.role !== "ADMIN") throw new NotAuthorized();
}

export type { Page };

/** A token as the admin listing shows it: the owner's view plus who the owner is. */
export type AdminTokenRow = TokenRow & { ownerEmail: string; ownerName: string };

/** Every token of every user, filtered by owner email and name, sorted and paginated by the database. */
export async function listTokensForAdmin(admin: SessionUser, query: AdminTokenQuery): Promise<Page<AdminTokenRow>> {
  assertAdmin(admin);
  const where: Prisma.ApiTokenWhereInput = {};
  if (query.owner) where.user = { email: { contains: query.owner.toLowerCase() } };
  if (query.q) where.nameKey = { contains: tokenNameKey(query.q) };
  const orderBy: Prisma.ApiTokenOrderByWithRelationInput[] = [
    query.sort === "owner"
      ? { user: { email: query.dir } }
      : query.sort === "name"
        ? { nameKey: query.dir }
        : query.sort === "lastUsedAt"
          ? { lastUsedAt: { sort: query.dir, nulls: "last" } }
          : { createdAt: query.dir },
    { id: query.dir },
  ];
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

const eventSelect = {
  id: true,
  createdAt: true,
  action: true,
  actorUserId: true,
  actorEmail: true,
  actorTokenId: true,
  targetTokenId: true,
  targetTokenName: true,
  targetTokenScope: true,
  targetTokenPrefix: true,
  targetOwnerEmail: true,
  detail: true,
  ip: true,
  userAgent: true,
} as const satisfies Prisma.AuditEventSelect;

type SelectedEvent = Prisma.AuditEventGetPayload<{ select: typeof eventSelect }>;

/** An event as the log page and the CSV show it. */
export type AuditEventRow = Omit<SelectedEvent, "createdAt" | "action"> & { createdAt: string; action: AuditAction };

function toEventRow(event: SelectedEvent): AuditEventRow {
  return { ...event, action: event.action as AuditAction, createdAt: event.createdAt.toISOString() };
}

function auditWhere(query: AuditQuery): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = {};
  if (query.action) where.action = query.action;
  if (query.user) {
    const user = query.user.toLowerCase();
    where.OR = [{ actorEmail: { contains: user } }, { targetOwnerEmail: { contains: user } }];
  }
  if (query.from || query.to) {
    where.createdAt = {
      ...(query.from ? { gte: new Date(`${query.from}T00:00:00.000Z`) } : {}),
      ...(query.to ? { lt: new Date(Date.parse(`${query.to}T00:00:00.000Z`) + 86_400_000) } : {}),
    };
  }
  return where;
}

const newestFirst: Prisma.AuditEventOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

/** One page of the audit log, newest first. */
export async function listAuditEvents(admin: SessionUser, query: AuditQuery): Promise<Page<AuditEventRow>> {
  assertAdmin(admin);
  const where = auditWhere(query);
  const total = await db.auditEvent.count({ where });
  return paginate(total, query.page, ADMIN_PAGE_SIZE, async (skip, take) =>
    (await db.auditEvent.findMany({ where, orderBy: newestFirst, skip, take, select: eventSelect })).map(toEventRow),
  );
}

/**
 * The filtered log in batches, newest first, by keyset (never OFFSET): an export of any size
 * holds one batch in memory at a time.
 */
export async function* auditEventBatches(admin: SessionUser, query: AuditQuery, batchSize = 1000): AsyncGenerator<AuditEventRow[]> {
  assertAdmin(admin);
  const filter = auditWhere(query);
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const where: Prisma.AuditEventWhereInput = after
      ? {
          AND: [
            filter,
            { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] },
          ],
        }
      : filter;
    const batch = await db.auditEvent.findMany({ where, orderBy: newestFirst, take: batchSize, select: eventSelect });
    if (batch.length === 0) return;
    yield batch.map(toEventRow);
    const last = batch[batch.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
    if (batch.length < batchSize) return;
  }
}
