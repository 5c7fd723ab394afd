import "server-only";
import { assertAdmin, type SessionUser } from "@/lib/dal/access";
import { paginate } from "@/lib/dal/pagination";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditAction, AuditEventRow, Page } from "@/lib/model";
import { db } from "@/lib/server/db";
import { ADMIN_PAGE_SIZE, type AuditQuery } from "@/lib/validation/admin";

/**
 * Where a request came from, as far as the server can tell, and when: now, unless history is
 * being written (the demo data of `npm run seed`).
 */
export type RequestMeta = { ip: string | null; userAgent: string | null; at?: Date };

/** A token as an event remembers it, so the event reads correctly after the token is gone. */
export type TokenSnapshot = {
  id: string;
  name: string;
  scope: string;
  displayPrefix: string;
  owner: { id: string; email: string };
};

export type AuditEventInput = {
  action: AuditAction;
  actor?: { userId?: string | null; email?: string | null; tokenId?: string | null };
  token?: TokenSnapshot;
  /** The account an event is about when no token is (a role change). */
  subject?: { id: string; email: string };
  detail?: string;
  meta: RequestMeta;
};

type Writer = Pick<Prisma.TransactionClient, "auditEvent">;

// --- Writes: the only way an event is made, by the app and by the command line alike ---------

/**
 * Appends one event, through the caller's transaction when the event describes a change, so
 * that the change and its record commit or fail together.
 */
export async function appendEvent(writer: Writer, input: AuditEventInput): Promise<void> {
  const owner = input.token?.owner ?? input.subject;
  await writer.auditEvent.create({
    data: {
      createdAt: input.meta.at,
      action: input.action,
      actorUserId: input.actor?.userId ?? null,
      actorEmail: input.actor?.email ?? null,
      actorTokenId: input.actor?.tokenId ?? null,
      targetTokenId: input.token?.id ?? null,
      targetTokenName: input.token?.name ?? null,
      targetTokenScope: input.token?.scope ?? null,
      targetTokenPrefix: input.token?.displayPrefix ?? null,
      targetOwnerId: owner?.id ?? null,
      targetOwnerEmail: owner?.email ?? null,
      detail: input.detail ?? null,
      ip: input.meta.ip,
      userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true },
  });
}

/** For events that describe no change of their own (a login, a denied request). */
export function recordEvent(input: AuditEventInput): Promise<void> {
  return appendEvent(db, input);
}

// --- Reads: admins only -----------------------------------------------------------------------

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
      ? { AND: [filter, { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }] }
      : filter;
    const batch = await db.auditEvent.findMany({ where, orderBy: newestFirst, take: batchSize, select: eventSelect });
    if (batch.length === 0) return;
    yield batch.map(toEventRow);
    const last = batch[batch.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
    if (batch.length < batchSize) return;
  }
}
