import "server-only";
import { assertAdmin, ownedBy, type Actor, type SessionUser } from "@/lib/dal/access";
import { tokenRowSelect, toRow } from "@/lib/dal/token-rows";
import { permissionUses } from "@/lib/dal/token-permissions";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditAction, TokenDetails } from "@/lib/model";
import { db } from "@/lib/server/db";
import { RECENT_ADDRESSES } from "@/lib/dal/sql";
import { describeUserAgent } from "@/lib/server/user-agent";

// A token's details panel: everything known about it but its secret. How it was made comes
// from its token.created event; where it was used, from its recent addresses (written with
// last-used, lib/dal/last-used.ts); its history, from its own audit events.

/** How many of a token's events the panel lists (the admin's Audit Log has them all). */
export const DETAIL_EVENTS = 20;

const detailsSelect = {
  ...tokenRowSelect,
  ownerId: true,
  user: { select: { id: true, email: true, name: true } },
  team: { select: { id: true, name: true } },
  addresses: { orderBy: { lastSeenAt: "desc" }, take: RECENT_ADDRESSES, select: { ip: true, lastSeenAt: true, client: true } },
} as const satisfies Prisma.ApiTokenSelect;

const eventSelect = {
  id: true,
  createdAt: true,
  action: true,
  actorUserId: true,
  actorEmail: true,
  actorTokenId: true,
  detail: true,
  ip: true,
  userAgent: true,
} as const satisfies Prisma.AuditEventSelect;

/**
 * Whose address and client an event may show: an owner (or a team's member) sees only those of
 * what they or their tokens did. Someone else's, such as whoever reported the token as leaked (with
 * LEAKED_TOKEN_ACTION=notify the panel stays), is not the owner's to learn.
 */
type Viewer = { admin: true } | { admin: false; viewerId: string };

async function details(where: Prisma.ApiTokenWhereInput, viewer: Viewer): Promise<TokenDetails | null> {
  const token = await db.apiToken.findFirst({ where, select: detailsSelect });
  if (!token) return null;
  const events = await db.auditEvent.findMany({
    where: { targetTokenId: token.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DETAIL_EVENTS,
    select: eventSelect,
  });
  // The creation is the oldest event: usually on the page just read, else one more read on the index.
  const creation =
    events.find((event) => event.action === "token.created") ??
    (await db.auditEvent.findFirst({
      where: { targetTokenId: token.id, action: "token.created" },
      select: eventSelect,
    }));
  const viaToken = creation?.actorTokenId
    ? {
        id: creation.actorTokenId,
        name: (await db.apiToken.findUnique({ where: { id: creation.actorTokenId }, select: { name: true } }))?.name ?? null,
      }
    : null;
  const {
    user: { id: _creatorId, ...user },
    team,
    ownerId,
    addresses,
    ...row
  } = token;
  const shownRow = toRow(row);
  return {
    ...shownRow,
    permissionUses: await permissionUses(db, { ...shownRow, ownerId }),
    owner: user,
    team,
    created: creation ? { ip: creation.ip, client: creation.userAgent ? describeUserAgent(creation.userAgent) : null, viaToken } : null,
    addresses: addresses.map((address) => ({ ...address, lastSeenAt: address.lastSeenAt.toISOString() })),
    events: events.map(({ userAgent, actorTokenId: _by, actorUserId, ip, ...event }) => {
      const shown = viewer.admin || actorUserId === viewer.viewerId;
      return {
        ...event,
        action: event.action as AuditAction,
        createdAt: event.createdAt.toISOString(),
        ip: shown ? ip : null,
        client: shown && userAgent ? describeUserAgent(userAgent) : null,
      };
    }),
  };
}

/** One of the actor's tokens in full; another user's id and a missing one are both null. */
export async function tokenDetails(actor: Actor, id: string): Promise<TokenDetails | null> {
  return details({ id, ...ownedBy(actor) }, { admin: false, viewerId: actor.id });
}

export async function tokenDetailsForAdmin(admin: SessionUser, id: string): Promise<TokenDetails | null> {
  assertAdmin(admin);
  return details({ id }, { admin: true });
}
