import "server-only";
import crypto from "node:crypto";
import { appendEvent, tokenSnapshot, type TokenSnapshot } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { DAY_MS, EXPIRING_SOON_MS, tokenIntentPath } from "@/lib/model";
import { grantLabel, permissionsFromStored } from "@/lib/permissions";
import { SCOPE_LABELS, type Scope } from "@/lib/scopes";
import { env } from "@/lib/server/config.mjs";
import { db, writeTransaction, type Tx } from "@/lib/server/db";
import { mailConfigured } from "@/lib/server/mail";
import { describeUserAgent } from "@/lib/server/user-agent";

// Emailed notices, as Notification rows: written in the change's own transaction (created,
// revoked, leaked, used from a new address) or by the job's scan (expiry), then sent by the job
// (lib/jobs/notify.ts). One row per (token, kind, occasion), so a notice is written once however
// many instances scan; a lease lets one instance send it. Emails hold no secret.

export type NoticeKind =
  "token.created" | "token.expiring_7d" | "token.expiring_1d" | "token.expired" | "token.revoked" | "token.leaked" | "token.new_address";

type LeakFacts = { revoked: boolean; url?: string; reporter: string };
/** A use from an address new to the token (lib/dal/address-notices.ts): the address, the described User-Agent. */
type AddressFacts = { ip: string; client: string };

const LEASE_MS = 2 * 60_000;
const MAX_ATTEMPTS = 10;

const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const consoleLink = () => (env().PUBLIC_URL ? `${env().PUBLIC_URL}/api-tokens` : "the console's API Token page");
/** The new-address email's way to Edit (allowed IPs) and Delete: links when the console's address is known. */
const tokenActions = (token: TokenSnapshot) => {
  const base = env().PUBLIC_URL;
  if (!base) return "Edit its allowed IPs, or delete it, on the console's API Token page.";
  return `  Edit its allowed IPs: ${base}${tokenIntentPath("edit", token.id)}\n  Delete it: ${base}${tokenIntentPath("delete", token.id)}`;
};
const describe = (token: TokenSnapshot) =>
  `“${token.name}” (${grantLabel({ scope: token.scope as Scope, permissions: permissionsFromStored(token.permissions) }, SCOPE_LABELS)}, ${token.displayPrefix}…)`;

function compose(
  kind: NoticeKind,
  token: TokenSnapshot,
  facts: { at: Date; expiresAt?: Date; meta?: RequestMeta; leak?: LeakFacts; address?: AddressFacts },
) {
  const footer = `\n\nManage your tokens: ${consoleLink()}\n\nThis is an automatic notice from Token Console. It never contains a token.`;
  switch (kind) {
    case "token.created":
      return {
        subject: `New API token “${token.name}” on your account`,
        text:
          `An API token was created on your account:\n\n  Token: ${describe(token)}\n  Created: ${utc(facts.at)}\n` +
          `  From: ${facts.meta?.ip ?? "unknown address"}, ${describeUserAgent(facts.meta?.userAgent ?? null)}\n` +
          `  Expires: ${facts.expiresAt ? utc(facts.expiresAt) : "never"}\n\n` +
          `If this was not you, delete the token at once and change your password.` +
          footer,
      };
    case "token.expiring_7d":
    case "token.expiring_1d": {
      const when = kind === "token.expiring_7d" ? "in 7 days" : "tomorrow";
      return {
        subject: `API token “${token.name}” expires ${when}`,
        text: `Your API token ${describe(token)} expires ${when}, on ${utc(facts.expiresAt!)}. Scripts that use it will then be refused.\n\nRoll it or create a new one before then.${footer}`,
      };
    }
    case "token.expired":
      return {
        subject: `API token “${token.name}” has expired`,
        text: `Your API token ${describe(token)} expired on ${utc(facts.expiresAt!)}. Requests with it are now refused.\n\nCreate a new token if you still need one, and delete this one.${footer}`,
      };
    case "token.leaked": {
      const where = facts.leak?.url ? `in public at ${facts.leak.url}` : "in public";
      const reported = `It was found ${where} and reported by ${facts.leak?.reporter ?? "someone"} on ${utc(facts.at)}.`;
      return facts.leak?.revoked
        ? {
            subject: `API token “${token.name}” was revoked: it was found in public`,
            text: `Your API token ${describe(token)} was revoked. ${reported} Requests with it are now refused.\n\nCreate a new token for the scripts that used it, and remove the old one from where it was found.${footer}`,
          }
        : {
            subject: `API token “${token.name}” was found in public`,
            text: `Your API token ${describe(token)} still works, but anyone may have it. ${reported}\n\nRoll or delete it now, and remove it from where it was found.${footer}`,
          };
    }
    case "token.new_address":
      return {
        subject: `API token “${token.name}” was used from a new address`,
        text:
          `Your API token ${describe(token)} was used from an address it had not been used from in the last 30 days:\n\n` +
          `  Address: ${facts.address?.ip ?? "unknown"}\n  Client: ${facts.address?.client ?? "Unknown"}\n  Time: ${utc(facts.at)}\n\n` +
          `If this was you or one of your scripts, there is nothing to do. If not, someone else may have the token: ` +
          `allow it only from your own addresses, or delete it.\n\n${tokenActions(token)}` +
          footer,
      };
    case "token.revoked":
      return {
        subject: `API token “${token.name}” was revoked by an administrator`,
        text: `An administrator revoked your API token ${describe(token)} on ${utc(facts.at)}. Requests with it are now refused.\n\nAsk your administrator if you do not know why.${footer}`,
      };
  }
}

/** Writes a notice in the transaction of the change it is about; nothing when no email is configured. */
export async function enqueueNotice(
  tx: Tx,
  kind: "token.created" | "token.revoked" | "token.leaked" | "token.new_address",
  token: TokenSnapshot,
  facts: { at: Date; expiresAt?: Date | null; meta?: RequestMeta; occasion: string; leak?: LeakFacts; address?: AddressFacts },
): Promise<void> {
  if (!mailConfigured()) return;
  // A disabled account (offboarding) is mailed nothing: its person has left, and a team token it
  // made, which stays with the team, is not theirs to hear of (its addresses, its end).
  const owner = await tx.user.findUnique({ where: { id: token.owner.id }, select: { disabledAt: true } });
  if (owner?.disabledAt) return;
  const { subject, text } = compose(kind, token, {
    at: facts.at,
    expiresAt: facts.expiresAt ?? undefined,
    meta: facts.meta,
    leak: facts.leak,
    address: facts.address,
  });
  await tx.notification.create({
    data: { kind, tokenId: token.id, occasion: facts.occasion, email: token.owner.email, subject, body: text },
  });
}

/**
 * Writes the expiry notices now due: 7 days and 1 day before (for tokens that were made to last
 * longer than that), and once expired (within the last 30 days). A notice written before, by
 * this instance or another, is left as it is.
 */
export async function scanExpiryNotices(now: Date): Promise<number> {
  const tokens = await db.apiToken.findMany({
    // Not a disabled account's (offboarding: see enqueueNotice).
    where: {
      expiresAt: { gt: new Date(now.getTime() - 30 * DAY_MS), lte: new Date(now.getTime() + EXPIRING_SOON_MS) },
      user: { disabledAt: null },
    },
    select: {
      id: true,
      name: true,
      scope: true,
      permissions: true,
      displayPrefix: true,
      createdAt: true,
      expiresAt: true,
      user: { select: { id: true, email: true } },
    },
  });
  let written = 0;
  for (const token of tokens) {
    const expiresAt = token.expiresAt!;
    const left = expiresAt.getTime() - now.getTime();
    const lifetime = expiresAt.getTime() - token.createdAt.getTime();
    const kinds: NoticeKind[] = [];
    if (left <= 0) kinds.push("token.expired");
    else if (left <= DAY_MS) {
      if (lifetime > 2 * DAY_MS) kinds.push("token.expiring_1d");
    } else if (lifetime > 8 * DAY_MS) kinds.push("token.expiring_7d");
    const snapshot = tokenSnapshot(token);
    for (const kind of kinds) {
      const { subject, text } = compose(kind, snapshot, { at: now, expiresAt });
      // ON CONFLICT DO NOTHING: one row per occasion, whoever writes it first (SQLite and PostgreSQL alike).
      written +=
        await db.$executeRaw`INSERT INTO "Notification" ("id", "kind", "tokenId", "occasion", "email", "subject", "body", "createdAt")
        VALUES (${crypto.randomUUID()}, ${kind}, ${token.id}, ${expiresAt.toISOString()}, ${token.user.email}, ${subject}, ${text}, ${now})
        ON CONFLICT ("tokenId", "kind", "occasion") DO NOTHING`;
    }
  }
  return written;
}

export type ClaimedNotice = { id: string; kind: string; tokenId: string; email: string; subject: string; body: string };

/** Claims up to `limit` unsent notices for this instance for a while (a lease); another instance skips them meanwhile. */
export async function claimDueNotices(now: Date, limit = 20): Promise<ClaimedNotice[]> {
  const due = await db.notification.findMany({
    where: { sentAt: null, attempts: { lt: MAX_ATTEMPTS }, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, kind: true, tokenId: true, email: true, subject: true, body: true },
  });
  const claimed: ClaimedNotice[] = [];
  for (const notice of due) {
    const lease = await db.notification.updateMany({
      where: { id: notice.id, sentAt: null, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      data: { leaseUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
    });
    if (lease.count === 1) claimed.push(notice);
  }
  return claimed;
}

export async function markNoticeSent(notice: ClaimedNotice, at: Date): Promise<void> {
  await writeTransaction(
    async (tx) => {
      await tx.notification.update({ where: { id: notice.id }, data: { sentAt: at, lastError: null } });
      await appendEvent(tx, {
        action: "notification.sent",
        detail: `${notice.kind} to ${notice.email}: ${notice.subject}`,
        meta: { ip: null, userAgent: "notification job", at },
      });
    },
    { lock: ["token", notice.tokenId] },
  );
}

/** Records why a notice could not be sent; it is tried again when its lease runs out. */
export async function markNoticeFailed(notice: ClaimedNotice, error: unknown): Promise<void> {
  await db.notification.update({
    where: { id: notice.id },
    data: { lastError: String(error instanceof Error ? error.message : error).slice(0, 500) },
  });
}
