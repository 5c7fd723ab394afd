import "server-only";
import { assertAdmin, type SessionUser } from "@/lib/dal/access";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AuditAction, AuditEventRow, AuditPage } from "@/lib/model";
import { db, retryWhileBusy } from "@/lib/server/db";
import { byCodePoint } from "@/lib/dal/sql/dialect";
import { fastSql } from "@/lib/dal/sql";
import { csvRow } from "@/lib/server/csv";
import { ADMIN_PAGE_SIZE, type AuditQuery } from "@/lib/validation/admin";
import type { RequestMeta } from "@/lib/server/request-context";
import { teamNameKey } from "@/lib/validation/teams";
import { enqueueWebhooks } from "@/lib/dal/webhooks";
import { webhookEventOf } from "@/lib/webhook-events";

/** A token as an event remembers it, so the event reads correctly after the token is gone. */
export type TokenSnapshot = {
  id: string;
  name: string;
  scope: string;
  /** A Custom token's permissions as stored ("account:read,dns:read"); "" for a preset. */
  permissions: string;
  displayPrefix: string;
  /** Its creator: for a personal token, its owner. */
  owner: { id: string; email: string };
  /** The team that owns it; null: a personal token. */
  team: { id: string; name: string } | null;
};

/** What an event keeps of a token read with its creator (and its team). */
export function tokenSnapshot(token: {
  id: string;
  name: string;
  scope: string;
  permissions: string;
  displayPrefix: string;
  user: { id: string; email: string };
  team?: { id: string; name: string } | null;
}): TokenSnapshot {
  const { id, name, scope, permissions, displayPrefix, user, team } = token;
  return { id, name, scope, permissions, displayPrefix, owner: { id: user.id, email: user.email }, team: team ?? null };
}

export type AuditEventInput = {
  action: AuditAction;
  actor?: { userId?: string | null; email?: string | null; tokenId?: string | null };
  token?: TokenSnapshot;
  /** The account an event is about when no token is (a role change, a membership, an offboarding). */
  subject?: { id: string; email: string };
  /** The team it is about: a team token's, a membership's (its name as it is now). */
  team?: { id: string; name: string };
  detail?: string;
  meta: RequestMeta;
};

type Writer = Pick<Prisma.TransactionClient, "auditEvent" | "webhookEndpoint" | "webhookDelivery">;

// --- Writes: the only way an event is made, by the app and by the command line alike ---------

/**
 * Appends one event, through the caller's transaction when the event describes a change, so
 * that the change and its record commit or fail together; and, in the same transaction, its
 * webhook deliveries (the outbox: lib/dal/webhooks.ts), so that no event is lost on the way out.
 */
export async function appendEvent(writer: Writer, input: AuditEventInput): Promise<void> {
  const owner = input.token?.owner ?? input.subject;
  const team = input.team ?? input.token?.team;
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
      targetTokenPermissions: input.token?.permissions || null,
      targetTokenPrefix: input.token?.displayPrefix ?? null,
      targetOwnerId: owner?.id ?? null,
      targetOwnerEmail: owner?.email ?? null,
      teamId: team?.id ?? null,
      teamName: team?.name ?? null,
      detail: input.detail ?? null,
      ip: input.meta.ip,
      userAgent: input.meta.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true },
  });
  await enqueueWebhooks(writer, {
    type: webhookEventOf(input.action),
    at: input.meta.at ?? new Date(),
    token: input.token,
    subject: input.subject,
    team: team ?? undefined,
    actor: input.actor,
    detail: input.detail,
    ip: input.meta.ip,
  });
}

/** For events that describe no change of their own (a login, a denied request). */
export function recordEvent(input: AuditEventInput): Promise<void> {
  return retryWhileBusy(() => appendEvent(db, input));
}

// --- Reads: admins only -----------------------------------------------------------------------
// Raw SQL (portable: Prisma numbers the placeholders for each database), so that the page, its
// bounded count and the CSV export share one filter, and every read runs on an index.

const COLUMNS = Prisma.sql`"id", "createdAt", "action", "actorUserId", "actorEmail", "actorTokenId", "targetTokenId", "targetTokenName",
  "targetTokenScope", "targetTokenPermissions", "targetTokenPrefix", "targetOwnerEmail", "teamName", "detail", "ip", "userAgent"`;

/** How many events a filter counts exactly; past this the page says "10,000+". */
export const AUDIT_COUNT_LIMIT = 10_000;
const PAGE_SIZE = ADMIN_PAGE_SIZE;

type EventRecord = Omit<AuditEventRow, "createdAt" | "actorToken"> & { createdAt: Date };
type ActorToken = AuditEventRow["actorToken"];

const toEventRow = (event: EventRecord, tokens: Map<string, ActorToken>): AuditEventRow => ({
  ...event,
  action: event.action as AuditAction,
  createdAt: event.createdAt.toISOString(),
  actorToken: event.actorTokenId ? (tokens.get(event.actorTokenId) ?? null) : null,
});

/**
 * The acting tokens' names: a live token's now, a deleted one's from its last event (its
 * deletion snapshots it). A page holds few distinct tokens, and each lookup is on an index.
 */
async function actorTokens(events: EventRecord[]): Promise<Map<string, ActorToken>> {
  const ids = [...new Set(events.map((event) => event.actorTokenId).filter((id): id is string => Boolean(id)))];
  const names = new Map<string, ActorToken>();
  if (ids.length === 0) return names;
  const live = await db.apiToken.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, displayPrefix: true } });
  for (const token of live) names.set(token.id, { name: token.name, displayPrefix: token.displayPrefix, deleted: false });
  await Promise.all(
    ids
      .filter((id) => !names.has(id))
      .map(async (id) => {
        const last = await db.auditEvent.findFirst({
          where: { targetTokenId: id, targetTokenName: { not: null } },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          select: { targetTokenName: true, targetTokenPrefix: true },
        });
        if (last?.targetTokenName) names.set(id, { name: last.targetTokenName, displayPrefix: last.targetTokenPrefix, deleted: true });
      }),
  );
  return names;
}

/** The user filter is an email's beginning, of the actor or of the token's owner. */
export function auditFilter(query: AuditQuery): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (query.action) parts.push(Prisma.sql`"action" = ${query.action}`);
  if (query.user) {
    const [from, to] = [query.user.toLowerCase(), `${query.user.toLowerCase()}\u{10FFFF}`];
    parts.push(
      Prisma.sql`(("actorEmail"${byCodePoint()} >= ${from} AND "actorEmail"${byCodePoint()} < ${to}) OR ("targetOwnerEmail"${byCodePoint()} >= ${from} AND "targetOwnerEmail"${byCodePoint()} < ${to}))`,
    );
  }
  if (query.team) {
    // The teams whose name begins so, in any case (Team's unique index), then their events on (teamId, createdAt).
    const key = teamNameKey(query.team);
    const [from, to] = [key, `${key}\u{10FFFF}`];
    parts.push(
      Prisma.sql`"teamId" IN (SELECT tm."id" FROM "Team" tm WHERE tm."nameKey"${byCodePoint()} >= ${from} AND tm."nameKey"${byCodePoint()} < ${to})`,
    );
  }
  if (query.from) parts.push(Prisma.sql`"createdAt" >= ${new Date(`${query.from}T00:00:00.000Z`)}`);
  if (query.to) parts.push(Prisma.sql`"createdAt" < ${new Date(Date.parse(`${query.to}T00:00:00.000Z`) + 86_400_000)}`);
  return parts.length > 0 ? Prisma.join(parts, " AND ") : Prisma.sql`1 = 1`;
}

const parseCursor = (cursor: string) => {
  const [at, id] = cursor.split("~") as [string, string];
  return { at: new Date(at), id };
};
const cursorOf = (event: AuditEventRow) => `${event.createdAt}~${event.id}`;

/** Pages by (createdAt, id) position; the count stops at AUDIT_COUNT_LIMIT. */
export async function listAuditEvents(admin: SessionUser, query: AuditQuery): Promise<AuditPage> {
  assertAdmin(admin);
  const filter = auditFilter(query);
  const going = query.after ? "newer" : "older";
  const at = query.after ? parseCursor(query.after) : query.before ? parseCursor(query.before) : null;
  const position = !at
    ? Prisma.sql`1 = 1`
    : going === "newer"
      ? Prisma.sql`("createdAt", "id") > (${at.at}, ${at.id})`
      : Prisma.sql`("createdAt", "id") < (${at.at}, ${at.id})`;
  const order = going === "newer" ? Prisma.sql`"createdAt" ASC, "id" ASC` : Prisma.sql`"createdAt" DESC, "id" DESC`;
  const [found, counted] = await Promise.all([
    db.$queryRaw<
      EventRecord[]
    >`SELECT ${COLUMNS} FROM "AuditEvent" WHERE ${filter} AND ${position} ORDER BY ${order} LIMIT ${PAGE_SIZE + 1}`,
    db.$queryRaw<
      Array<{ n: number | bigint }>
    >`SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "AuditEvent" WHERE ${filter} LIMIT ${AUDIT_COUNT_LIMIT + 1}) AS "bounded"`,
  ]);
  const more = found.length > PAGE_SIZE;
  const page = found.slice(0, PAGE_SIZE);
  const tokens = await actorTokens(page);
  const rows = page.map((event) => toEventRow(event, tokens));
  if (going === "newer") rows.reverse();
  const total = Number(counted[0]?.n ?? 0);
  return {
    rows,
    total: Math.min(total, AUDIT_COUNT_LIMIT),
    totalCapped: total > AUDIT_COUNT_LIMIT,
    // Newer events exist when this page was reached from newer ones, or when going newer found more.
    newer: rows.length > 0 && (going === "newer" ? more : Boolean(at)) ? cursorOf(rows[0]!) : null,
    older: rows.length > 0 && (going === "older" ? more : true) ? cursorOf(rows[rows.length - 1]!) : null,
  };
}

const CSV_COLUMNS = [
  ["time_utc", "createdAt"],
  ["action", "action"],
  ["actor_email", "actorEmail"],
  ["actor_user_id", "actorUserId"],
  ["actor_token_id", "actorTokenId"],
  ["token_id", "targetTokenId"],
  ["token_name", "targetTokenName"],
  ["token_scope", "targetTokenScope"],
  ["token_permissions", "targetTokenPermissions"],
  ["token_prefix", "targetTokenPrefix"],
  ["token_owner_email", "targetOwnerEmail"],
  ["team", "teamName"],
  ["detail", "detail"],
  ["ip", "ip"],
  ["user_agent", "userAgent"],
] as const;

/** Read by position, never by OFFSET: an export of any size holds one batch in memory. */
export async function* auditCsv(admin: SessionUser, query: AuditQuery, batchSize = 1000): AsyncGenerator<string> {
  assertAdmin(admin);
  yield csvRow(CSV_COLUMNS.map(([header]) => header));
  const fields = CSV_COLUMNS.map(([, field]) => field);
  for await (const batch of fastSql.auditEventRows(fields, auditFilter(query), batchSize)) {
    let text = "";
    for (const row of batch as Array<Array<string | null>>) {
      // Times as stored (ISO 8601, +00:00) are written as UTC ISO 8601 ("…Z").
      const time = row[0]!;
      if (time.endsWith("+00:00")) row[0] = `${time.slice(0, -6)}Z`;
      text += csvRow(row, fields.length);
    }
    yield text;
  }
}
