import "server-only";
import crypto from "node:crypto";
import type { SessionUser } from "@/lib/dal/access";
import { membershipIn } from "@/lib/dal/team-access";
import { Prisma } from "@/lib/generated/prisma/client";
import { DAY_MS } from "@/lib/model";
import { expandGrant, permissionsFromStored } from "@/lib/permissions";
import { scopeRow, type Scope } from "@/lib/scopes";
import { MANAGER_ROLES } from "@/lib/teams";
import { db, writeTransaction } from "@/lib/server/db";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { seal, unseal } from "@/lib/server/sealed";
import { TEST_EVENT, wants, type WebhookFormat, type WebhookKind } from "@/lib/webhook-events";

// Webhook endpoints and their outbox (issue 29). An event's deliveries are written by
// enqueueWebhooks in the transaction that writes the event (appendEvent, the notices), so an
// event and its deliveries commit or fail together: nothing is lost when the server stops or the
// receiver is down. The delivery job (lib/jobs/webhooks.ts) claims each with a lease, so several
// instances never send one at once; a lease that ran out (an instance died mid-send) is claimed
// again, under the same id: at least once, never again after a success.

const SEALED = "webhook-secret";
/** How long a rotated-out secret still signs, beside the new one. */
export const ROTATION_OVERLAP_MS = DAY_MS;
/** How long a delivery is retried before it is given up (and its endpoint disabled). */
export const RETRY_WINDOW_MS = DAY_MS;
/** The waits after each failed attempt; the last one repeats until the window closes. */
export const BACKOFF_MS = [5_000, 30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000, 2 * 3_600_000, 4 * 3_600_000, 8 * 3_600_000];
const LEASE_MS = 60_000;
/** How many endpoints one user, team or installation may have. */
export const MAX_ENDPOINTS = 20;
export const DELIVERIES_SHOWN = 50;

type Tx = Prisma.TransactionClient;
/** A token as an event remembers it (lib/dal/audit.ts's TokenSnapshot, which appends events through here). */
type TokenSnapshot = {
  id: string;
  name: string;
  scope: string;
  permissions: string;
  displayPrefix: string;
  owner: { id: string; email: string };
  team: { id: string; name: string } | null;
};
type Writer = Pick<Tx, "webhookEndpoint" | "webhookDelivery">;

export type WebhookEventInput = {
  type: string;
  at: Date;
  token?: TokenSnapshot;
  /** The account it is about when no token is. */
  subject?: { id: string; email: string };
  team?: { id: string; name: string };
  actor?: { userId?: string | null; email?: string | null; tokenId?: string | null };
  detail?: string | null;
  ip?: string | null;
};

export const newSecret = () => `whsec_${crypto.randomBytes(24).toString("base64")}`;
const deliveryId = () => `msg_${crypto.randomBytes(16).toString("base64url")}`;

/**
 * The event as one endpoint of `kind` receives it: an installation's (admins') with who did it
 * and from where; a user's or a team's with its own token's facts only, never another person's
 * email or address.
 */
export function eventPayload(event: WebhookEventInput, kind: WebhookKind): string {
  const everything = kind === "installation";
  const token = event.token;
  return JSON.stringify({
    type: event.type,
    timestamp: event.at.toISOString(),
    data: {
      ...(token
        ? {
            token: {
              id: token.id,
              name: token.name,
              display_prefix: token.displayPrefix,
              scope: scopeRow(token.scope as Scope).wire,
              // What it holds, as the API and introspection say it: a preset's list in full, never [].
              permissions: expandGrant(
                { scope: token.scope as Scope, permissions: permissionsFromStored(token.permissions) },
                resourceCatalogue(),
              ),
              owner_id: token.owner.id,
              team: token.team ? { id: token.team.id, name: token.team.name } : null,
            },
          }
        : {}),
      ...(everything && event.subject ? { account: { id: event.subject.id, email: event.subject.email } } : {}),
      ...(everything && !token && event.team ? { team: event.team } : {}),
      ...(event.actor
        ? {
            actor: {
              user_id: event.actor.userId ?? null,
              token_id: event.actor.tokenId ?? null,
              ...(everything ? { email: event.actor.email ?? null } : {}),
            },
          }
        : {}),
      ...(event.detail ? { detail: event.detail } : {}),
      ...(everything && event.ip ? { ip: event.ip } : {}),
    },
  });
}

/**
 * Writes a delivery for every enabled endpoint that wants the event, through the event's own
 * transaction. A user's endpoint hears of their personal tokens, a team's of the team's tokens,
 * an installation's of everything: the owner is the token's, read from the event, never asked.
 */
export async function enqueueWebhooks(writer: Writer, event: WebhookEventInput): Promise<number> {
  const tokenOwner = event.token ? (event.token.team?.id ?? event.token.owner.id) : null;
  const endpoints = await writer.webhookEndpoint.findMany({
    where: {
      enabled: true,
      OR: [{ kind: "installation" }, ...(tokenOwner ? [{ kind: event.token!.team ? "team" : "user", ownerId: tokenOwner }] : [])],
    },
    select: { id: true, kind: true, events: true },
  });
  const chosen = endpoints.filter((endpoint) => wants(endpoint.events.split(","), endpoint.kind as WebhookKind, event.type));
  if (chosen.length === 0) return 0;
  const payloads = new Map<string, string>();
  for (const endpoint of chosen) {
    const kind = endpoint.kind as WebhookKind;
    if (!payloads.has(kind)) payloads.set(kind, eventPayload(event, kind));
  }
  await writer.webhookDelivery.createMany({
    data: chosen.map((endpoint) => ({
      id: deliveryId(),
      endpointId: endpoint.id,
      eventType: event.type,
      payload: payloads.get(endpoint.kind)!,
      createdAt: event.at,
      nextAttemptAt: event.at,
    })),
  });
  return chosen.length;
}

/**
 * The expiry events, written by the delivery job's pass: `token.expiring` once per token and
 * expiry date within 7 days of it, `token.expired` once it has passed (within a day). Each
 * delivery's id is derived from the endpoint, the token, the event and the expiry, so that two
 * instances, or two passes, write it once.
 */
export async function scanExpiryWebhooks(now: Date): Promise<number> {
  const endpoints = await db.webhookEndpoint.findMany({
    where: { enabled: true },
    select: { id: true, kind: true, ownerId: true, events: true },
  });
  const interested = endpoints.filter(
    (endpoint) =>
      wants(endpoint.events.split(","), endpoint.kind as WebhookKind, "token.expiring") ||
      wants(endpoint.events.split(","), endpoint.kind as WebhookKind, "token.expired"),
  );
  if (interested.length === 0) return 0;
  const tokens = await db.apiToken.findMany({
    where: { expiresAt: { gt: new Date(now.getTime() - DAY_MS), lte: new Date(now.getTime() + 7 * DAY_MS) } },
    select: {
      id: true,
      name: true,
      scope: true,
      permissions: true,
      displayPrefix: true,
      expiresAt: true,
      ownerId: true,
      user: { select: { id: true, email: true } },
      team: { select: { id: true, name: true } },
    },
    take: 10_000,
  });
  let written = 0;
  for (const token of tokens) {
    const expiresAt = token.expiresAt!;
    const type = expiresAt <= now ? "token.expired" : "token.expiring";
    const snapshot: TokenSnapshot = {
      id: token.id,
      name: token.name,
      scope: token.scope,
      permissions: token.permissions,
      displayPrefix: token.displayPrefix,
      owner: { id: token.user.id, email: token.user.email },
      team: token.team,
    };
    for (const endpoint of interested) {
      const kind = endpoint.kind as WebhookKind;
      const reaches = kind === "installation" || (endpoint.ownerId === token.ownerId && (kind === "team") === Boolean(token.team));
      if (!reaches || !wants(endpoint.events.split(","), kind, type)) continue;
      const id = `msg_${crypto.createHash("sha256").update(`${endpoint.id}\u0000${token.id}\u0000${type}\u0000${expiresAt.toISOString()}`).digest("base64url").slice(0, 22)}`;
      const payload = eventPayload({ type, at: now, token: snapshot, detail: `expires_at ${expiresAt.toISOString()}` }, kind);
      written +=
        await db.$executeRaw`INSERT INTO "WebhookDelivery" ("id", "endpointId", "eventType", "payload", "createdAt", "nextAttemptAt", "state", "attempts")
        VALUES (${id}, ${endpoint.id}, ${type}, ${payload}, ${now}, ${now}, 'pending', 0) ON CONFLICT ("id") DO NOTHING`;
    }
  }
  return written;
}

// --- Management: who may see and change an endpoint -------------------------------------------

export type EndpointOwner = { kind: "user" } | { kind: "team"; teamId: string } | { kind: "installation" };

/** The where clause of the endpoints `user` manages as `owner`, or null when they may not (not an admin, not the team's admin or owner). */
async function reachOf(user: SessionUser, owner: EndpointOwner): Promise<{ kind: string; ownerId: string | null } | null> {
  if (owner.kind === "installation") return user.role === "ADMIN" ? { kind: "installation", ownerId: null } : null;
  if (owner.kind === "user") return { kind: "user", ownerId: user.id };
  const member = await membershipIn(db, owner.teamId, user.id);
  return member && (MANAGER_ROLES as readonly string[]).includes(member.role) ? { kind: "team", ownerId: owner.teamId } : null;
}

export type EndpointRow = {
  id: string;
  kind: WebhookKind;
  url: string;
  description: string;
  events: string[];
  format: WebhookFormat;
  enabled: boolean;
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
  previousUntil: string | null;
  lastDelivery: { state: string; at: string; responseStatus: number | null } | null;
};

export type DeliveryRow = {
  id: string;
  eventType: string;
  createdAt: string;
  state: string;
  attempts: number;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  responseStatus: number | null;
  responseBody: string | null;
  lastError: string | null;
};

const endpointSelect = {
  id: true,
  kind: true,
  ownerId: true,
  url: true,
  description: true,
  events: true,
  format: true,
  enabled: true,
  disabledReason: true,
  disabledAt: true,
  createdAt: true,
  previousUntil: true,
} as const;

type EndpointRecord = Prisma.WebhookEndpointGetPayload<{ select: typeof endpointSelect }>;

const toEndpointRow = (row: EndpointRecord, last: EndpointRow["lastDelivery"] = null): EndpointRow => ({
  id: row.id,
  kind: row.kind as WebhookKind,
  url: row.url,
  description: row.description,
  events: row.events.split(",").filter(Boolean),
  format: row.format as WebhookFormat,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  previousUntil: row.previousUntil && row.previousUntil > new Date() ? row.previousUntil.toISOString() : null,
  lastDelivery: last,
});

/** The endpoints `user` manages as `owner`; null when they may not. */
export async function listEndpoints(user: SessionUser, owner: EndpointOwner): Promise<EndpointRow[] | null> {
  const reach = await reachOf(user, owner);
  if (!reach) return null;
  const rows = await db.webhookEndpoint.findMany({ where: reach, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: endpointSelect });
  return Promise.all(
    rows.map(async (row) => {
      const last = await db.webhookDelivery.findFirst({
        where: { endpointId: row.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { state: true, createdAt: true, responseStatus: true },
      });
      return toEndpointRow(row, last ? { state: last.state, at: last.createdAt.toISOString(), responseStatus: last.responseStatus } : null);
    }),
  );
}

/** The endpoint `id` if `user` manages it (its owner's rule, checked as for a list); null otherwise, a missing one alike. */
async function managedEndpoint(user: SessionUser, id: string): Promise<EndpointRecord | null> {
  const row = await db.webhookEndpoint.findUnique({ where: { id }, select: endpointSelect });
  if (!row) return null;
  const owner: EndpointOwner =
    row.kind === "installation"
      ? { kind: "installation" }
      : row.kind === "team"
        ? { kind: "team", teamId: row.ownerId! }
        : { kind: "user" };
  const reach = await reachOf(user, owner);
  return reach && reach.kind === row.kind && reach.ownerId === row.ownerId ? row : null;
}

export async function endpointDetails(
  user: SessionUser,
  id: string,
): Promise<{ endpoint: EndpointRow; teamName: string | null; deliveries: DeliveryRow[] } | null> {
  const row = await managedEndpoint(user, id);
  if (!row) return null;
  const deliveries = await db.webhookDelivery.findMany({
    where: { endpointId: id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: DELIVERIES_SHOWN,
    select: {
      id: true,
      eventType: true,
      createdAt: true,
      state: true,
      attempts: true,
      lastAttemptAt: true,
      nextAttemptAt: true,
      responseStatus: true,
      responseBody: true,
      lastError: true,
    },
  });
  const team = row.kind === "team" ? await db.team.findUnique({ where: { id: row.ownerId! }, select: { name: true } }) : null;
  return {
    endpoint: toEndpointRow(row),
    teamName: team?.name ?? null,
    deliveries: deliveries.map((d) => ({
      ...d,
      createdAt: d.createdAt.toISOString(),
      lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
      nextAttemptAt: d.state === "pending" ? d.nextAttemptAt.toISOString() : null,
    })),
  };
}

/** How an endpoint is named in the audit log: its host only, since a URL may itself be a secret (Slack's incoming webhooks). */
/** An endpoint as the audit log and emails name it: its host only (a Slack URL's path is its secret). */
export const endpointHost = (url: string) => (URL.canParse(url) ? new URL(url).host : "?");

/** Whose endpoint `id` is (installation, user or team), or null: what its actions' sudo rule reads. */
export async function endpointKind(id: string): Promise<string | null> {
  return (await db.webhookEndpoint.findUnique({ where: { id }, select: { kind: true } }))?.kind ?? null;
}

export type EndpointInput = { url: string; description: string; events: string[]; format: WebhookFormat };
type Audit = (
  tx: Tx,
  action: "webhook.created" | "webhook.deleted" | "webhook.secret_rotated" | "webhook.disabled" | "webhook.enabled",
  detail: string,
) => Promise<void>;

export async function createEndpoint(
  user: SessionUser,
  owner: EndpointOwner,
  input: EndpointInput,
  audit: Audit,
): Promise<{ ok: true; id: string; secret: string } | { ok: false; reason: "not_allowed" | "too_many" }> {
  const reach = await reachOf(user, owner);
  if (!reach) return { ok: false, reason: "not_allowed" };
  const secret = newSecret();
  return writeTransaction(
    async (tx) => {
      if ((await tx.webhookEndpoint.count({ where: reach })) >= MAX_ENDPOINTS) return { ok: false as const, reason: "too_many" as const };
      const created = await tx.webhookEndpoint.create({
        data: {
          ...reach,
          createdById: user.id,
          url: input.url,
          description: input.description,
          events: input.events.join(","),
          format: input.format,
          secretSealed: seal(SEALED, secret),
        },
        select: { id: true },
      });
      await audit(tx, "webhook.created", `${reach.kind} endpoint ${endpointHost(input.url)} (${input.events.join(", ")})`);
      return { ok: true as const, id: created.id, secret };
    },
    { lock: owner.kind === "installation" ? ["admins"] : owner.kind === "team" ? ["team", owner.teamId] : ["user", user.id] },
  );
}

export async function deleteEndpoint(user: SessionUser, id: string, audit: Audit): Promise<boolean> {
  const row = await managedEndpoint(user, id);
  if (!row) return false;
  return writeTransaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id } });
    if (count) await audit(tx, "webhook.deleted", `${row.kind} endpoint ${endpointHost(row.url)}`);
    return count > 0;
  });
}

/** A new secret, shown once; the previous one signs beside it for ROTATION_OVERLAP_MS. */
export async function rotateSecret(user: SessionUser, id: string, audit: Audit, now = new Date()): Promise<string | null> {
  const row = await managedEndpoint(user, id);
  if (!row) return null;
  const secret = newSecret();
  return writeTransaction(async (tx) => {
    const current = await tx.webhookEndpoint.findUnique({ where: { id }, select: { secretSealed: true } });
    if (!current) return null;
    await tx.webhookEndpoint.update({
      where: { id },
      data: {
        secretSealed: seal(SEALED, secret),
        previousSealed: current.secretSealed,
        previousUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS),
      },
    });
    await audit(tx, "webhook.secret_rotated", `${row.kind} endpoint ${endpointHost(row.url)}`);
    return secret;
  });
}

/** Turns an endpoint on or off; on again, its held deliveries go out, each with one more day to succeed. */
export async function setEndpointEnabled(
  user: SessionUser,
  id: string,
  enabled: boolean,
  audit: Audit,
  now = new Date(),
): Promise<boolean> {
  const row = await managedEndpoint(user, id);
  if (!row) return false;
  return writeTransaction(async (tx) => {
    await tx.webhookEndpoint.update({
      where: { id },
      data: enabled
        ? { enabled: true, disabledReason: null, disabledAt: null }
        : { enabled: false, disabledReason: "owner", disabledAt: now },
    });
    if (enabled)
      await tx.webhookDelivery.updateMany({ where: { endpointId: id, state: "pending" }, data: { nextAttemptAt: now, createdAt: now } });
    await audit(tx, enabled ? "webhook.enabled" : "webhook.disabled", `${row.kind} endpoint ${endpointHost(row.url)}`);
    return true;
  });
}

/** Send test event: one delivery of webhook.test, to this endpoint only, through the outbox like any other. */
export async function enqueueTestEvent(user: SessionUser, id: string, now = new Date()): Promise<string | null> {
  const row = await managedEndpoint(user, id);
  if (!row) return null;
  const delivery = deliveryId();
  await writeTransaction((tx) =>
    tx.webhookDelivery.create({
      data: {
        id: delivery,
        endpointId: id,
        eventType: TEST_EVENT,
        payload: JSON.stringify({
          type: TEST_EVENT,
          timestamp: now.toISOString(),
          data: { endpoint_id: id, message: "A test event from Token Console." },
        }),
        createdAt: now,
        nextAttemptAt: now,
      },
    }),
  );
  return delivery;
}

// --- The delivery job's side ------------------------------------------------------------------

export type DueDelivery = {
  id: string;
  eventType: string;
  payload: string;
  attempts: number;
  createdAt: Date;
  endpoint: { id: string; url: string; format: WebhookFormat; secrets: string[]; createdById: string; kind: string };
};

/** Claims up to `limit` due deliveries of enabled endpoints, each with a lease: another instance skips them until it runs out. */
export async function claimDueDeliveries(now: Date, limit = 10): Promise<DueDelivery[]> {
  const due = await db.webhookDelivery.findMany({
    where: {
      state: "pending",
      nextAttemptAt: { lte: now },
      OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
      endpoint: { enabled: true },
    },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, leaseUntil: true },
  });
  const claimed: DueDelivery[] = [];
  for (const candidate of due) {
    const { count } = await db.webhookDelivery.updateMany({
      where: { id: candidate.id, state: "pending", leaseUntil: candidate.leaseUntil },
      data: { leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 }, lastAttemptAt: now },
    });
    if (count === 0) continue; // another instance has it
    const row = await db.webhookDelivery.findUnique({
      where: { id: candidate.id },
      select: {
        id: true,
        eventType: true,
        payload: true,
        attempts: true,
        createdAt: true,
        endpoint: {
          select: {
            id: true,
            url: true,
            format: true,
            secretSealed: true,
            previousSealed: true,
            previousUntil: true,
            createdById: true,
            kind: true,
          },
        },
      },
    });
    if (!row) continue;
    const { endpoint } = row;
    const secrets = [unseal(SEALED, endpoint.secretSealed)];
    if (endpoint.previousSealed && endpoint.previousUntil && endpoint.previousUntil > now)
      secrets.push(unseal(SEALED, endpoint.previousSealed));
    claimed.push({
      ...row,
      endpoint: {
        id: endpoint.id,
        url: endpoint.url,
        format: endpoint.format as WebhookFormat,
        secrets: secrets.filter((secret): secret is string => Boolean(secret)),
        createdById: endpoint.createdById,
        kind: endpoint.kind,
      },
    });
  }
  return claimed;
}

export const nextWait = (attempts: number) => BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)]!;

/**
 * Records an attempt's outcome. A failure is retried after the backoff while the delivery is
 * younger than RETRY_WINDOW_MS; past it, the delivery has failed and its endpoint, which has
 * failed every attempt for a day, is disabled. Answers what became of it.
 */
export async function recordAttempt(
  delivery: DueDelivery,
  result: { ok: boolean; status: number | null; body: string | null; error?: string },
  now: Date,
): Promise<"delivered" | "retrying" | "failed"> {
  const kept = { responseStatus: result.status, responseBody: result.body, leaseUntil: null };
  if (result.ok) {
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: { ...kept, state: "delivered", deliveredAt: now, lastError: null },
    });
    return "delivered";
  }
  const next = new Date(now.getTime() + nextWait(delivery.attempts));
  const givenUp = next.getTime() > delivery.createdAt.getTime() + RETRY_WINDOW_MS;
  await writeTransaction(async (tx) => {
    await tx.webhookDelivery.update({
      where: { id: delivery.id },
      data: { ...kept, lastError: result.error?.slice(0, 300) ?? null, ...(givenUp ? { state: "failed" } : { nextAttemptAt: next }) },
    });
    if (givenUp)
      await tx.webhookEndpoint.updateMany({
        where: { id: delivery.endpoint.id, enabled: true },
        data: { enabled: false, disabledReason: "failing", disabledAt: now },
      });
  });
  return givenUp ? "failed" : "retrying";
}

/** Who to tell that an endpoint was disabled: its creator's email, if they still have an account. */
export async function endpointOwnerEmail(endpoint: { createdById: string }): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: endpoint.createdById }, select: { email: true, disabledAt: true } });
  return user && !user.disabledAt ? user.email : null;
}
