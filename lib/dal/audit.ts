import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

import type { AuditAction } from "@/lib/audit-actions";

/** Where a request came from, as far as the server can tell. */
export type RequestMeta = { ip: string | null; userAgent: string | null };

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
  detail?: string;
  meta: RequestMeta;
};

type Writer = Pick<Prisma.TransactionClient, "auditEvent">;

/**
 * Appends one event, through the caller's transaction when the event describes a change, so
 * that the change and its record commit or fail together. The only write this module offers.
 */
export async function appendEvent(writer: Writer, input: AuditEventInput): Promise<void> {
  await writer.auditEvent.create({
    data: {
      action: input.action,
      actorUserId: input.actor?.userId ?? null,
      actorEmail: input.actor?.email ?? null,
      actorTokenId: input.actor?.tokenId ?? null,
      targetTokenId: input.token?.id ?? null,
      targetTokenName: input.token?.name ?? null,
      targetTokenScope: input.token?.scope ?? null,
      targetTokenPrefix: input.token?.displayPrefix ?? null,
      targetOwnerId: input.token?.owner.id ?? null,
      targetOwnerEmail: input.token?.owner.email ?? null,
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
