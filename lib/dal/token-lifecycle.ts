import "server-only";
import type { Actor } from "@/lib/dal/access";
import { appendEvent, recordEvent, type RequestMeta } from "@/lib/dal/audit";
import { snapshot, snapshotSelect, toRow, type ApiPrincipal, type ChangeContext } from "@/lib/dal/tokens";
import { ROLL_OVERLAPS, type TokenRow } from "@/lib/model";
import { secrets } from "@/lib/server/config.mjs";
import { db, retryWhileBusy, writeTransaction } from "@/lib/server/db";
import { generateToken, hashToken } from "@/lib/server/token-format";

// A token's life after creation: rolled to a new secret (with an overlap during which the
// previous one still works), and refused once it has expired.

export type RollResult =
  { ok: true; token: TokenRow; secret: string; previousValidUntil: Date } | { ok: false; reason: "not_found" | "expired" };

const overlapWords = (seconds: number) =>
  ROLL_OVERLAPS.find((overlap) => overlap.seconds === seconds)?.label.toLowerCase() ?? `in ${seconds} seconds`;

/**
 * Gives the actor's token a new secret, shown once; id, name, scope and expiry stay. The
 * previous secret keeps working for `overlapSeconds` (0: it stops now), then never again. A
 * roll during an earlier overlap ends that one at once: at most two secrets are ever live.
 */
export async function rollToken(actor: Actor, id: string, overlapSeconds: number, context: ChangeContext): Promise<RollResult> {
  const { token: secret, displayPrefix } = generateToken();
  const tokenHash = hashToken(secret, secrets().tokenPepper);
  const now = context.meta.at ?? new Date();
  const previousValidUntil = new Date(now.getTime() + overlapSeconds * 1000);
  return writeTransaction(async (tx) => {
    const current = await tx.apiToken.findFirst({ where: { id, userId: actor.id }, select: { tokenHash: true, expiresAt: true } });
    if (!current) return { ok: false, reason: "not_found" } as const;
    if (current.expiresAt && current.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" } as const;
    const rolled = await tx.apiToken.update({
      where: { id },
      data: {
        tokenHash,
        displayPrefix,
        previousTokenHash: overlapSeconds > 0 ? current.tokenHash : null,
        previousValidUntil: overlapSeconds > 0 ? previousValidUntil : null,
      },
      select: { ...snapshotSelect, expiresAt: true, previousValidUntil: true },
    });
    await appendEvent(tx, {
      action: "token.rolled",
      actor: { userId: actor.id, email: rolled.user.email, tokenId: context.viaTokenId },
      token: snapshot(rolled),
      detail:
        overlapSeconds > 0
          ? `previous secret valid until ${previousValidUntil.toISOString()} (${overlapWords(overlapSeconds)})`
          : "previous secret stopped at once",
      meta: context.meta,
    });
    const { user: _owner, ...row } = rolled;
    return { ok: true, token: toRow(row), secret, previousValidUntil: overlapSeconds > 0 ? previousValidUntil : now } as const;
  });
}

/**
 * Audits the first refusal of a token after its expiry, once per token however many requests
 * follow (a conditional update decides which request is first, on any instance).
 */
export async function recordExpiredUse(principal: ApiPrincipal, detail: string, meta: RequestMeta): Promise<void> {
  const first = await retryWhileBusy(() =>
    db.apiToken.updateMany({
      where: { id: principal.tokenId, expiredUseAuditedAt: null },
      data: { expiredUseAuditedAt: meta.at ?? new Date() },
    }),
  );
  if (first.count === 0) return;
  const token = await db.apiToken.findUnique({ where: { id: principal.tokenId }, select: snapshotSelect });
  await recordEvent({
    action: "token.expired_used",
    actor: { userId: principal.userId, email: principal.account.email, tokenId: principal.tokenId },
    token: token ? snapshot(token) : undefined,
    detail,
    meta,
  });
}
