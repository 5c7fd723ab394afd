import "server-only";
import crypto from "node:crypto";
import { appendEvent, recordEvent } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { RESET_LINK_MINUTES } from "@/lib/model";
import { endResetLinks, sessionUserSelect, type SessionUser } from "@/lib/dal/users";
import { db, writeTransaction } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/passwords";

// "Forgot password?": a link sent by email, whose token opens one password change for 30
// minutes. Only the token's SHA-256 is stored (it is 256 random bits: nothing to guess, so no
// key is needed), so the database alone opens nothing. Using it, or making a newer one, ends
// the older links; a reset ends every session of the account.

const hashResetToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export type ResetLink = { token: string; email: string; name: string; expiresAt: Date };

/**
 * Audited either way (the email asked for, never the token). Run after the request has been
 * answered (lib/auth/password-reset.ts), so that its time says nothing about the answer.
 */
export async function createPasswordReset(email: string, meta: RequestMeta): Promise<ResetLink | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, disabledAt: true } });
  if (!user) {
    await recordEvent({ action: "user.password_reset_requested", actor: { email }, detail: "no account has this email", meta });
    return null;
  }
  // A reset never re-opens a disabled account; the requester is answered the same either way.
  if (user.disabledAt) {
    await recordEvent({
      action: "user.password_reset_requested",
      actor: { userId: user.id, email },
      detail: "the account is disabled",
      meta,
    });
    return null;
  }
  const token = crypto.randomBytes(32).toString("base64url");
  const at = meta.at ?? new Date();
  const expiresAt = new Date(at.getTime() + RESET_LINK_MINUTES * 60_000);
  await writeTransaction(
    async (tx) => {
      // Only the newest link works; the spent ones of the last day stay, to tell a replay what it is.
      await endResetLinks(tx, user.id, at);
      await tx.passwordReset.deleteMany({ where: { userId: user.id, createdAt: { lt: new Date(at.getTime() - 86_400_000) } } });
      await tx.passwordReset.create({
        data: { userId: user.id, tokenHash: hashResetToken(token), createdAt: at, expiresAt },
        select: { id: true },
      });
      await appendEvent(tx, { action: "user.password_reset_requested", actor: { userId: user.id, email: user.email }, meta });
    },
    { lock: ["user", user.id] },
  );
  return { token, email: user.email, name: user.name, expiresAt };
}

export type ResetRefusal = "unknown" | "used" | "expired";

/** What a link's token is worth now, before anyone types a password for it. */
export async function checkPasswordReset(token: string, now = new Date()): Promise<{ ok: true } | { ok: false; reason: ResetRefusal }> {
  const found = await db.passwordReset.findUnique({
    where: { tokenHash: hashResetToken(token) },
    select: { usedAt: true, expiresAt: true },
  });
  if (!found) return { ok: false, reason: "unknown" };
  if (found.usedAt) return { ok: false, reason: "used" };
  if (found.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true };
}

const REFUSAL_DETAIL: Record<Exclude<ResetRefusal, "unknown">, string> = {
  used: "the link was used already, or a newer one was sent",
  expired: "the link had expired",
};

/**
 * Ends every session (the session version moves on, so old cookies open nothing) and every
 * other link. Claimed by a conditional update, so two uses of one link at once change the
 * password once.
 */
export async function completePasswordReset(
  token: string,
  newPassword: string,
  meta: RequestMeta,
): Promise<{ ok: true; user: SessionUser } | { ok: false; reason: ResetRefusal }> {
  const tokenHash = hashResetToken(token);
  const found = await db.passwordReset.findUnique({
    where: { tokenHash },
    select: { id: true, userId: true, usedAt: true, expiresAt: true, user: { select: { email: true, disabledAt: true } } },
  });
  if (!found) return { ok: false, reason: "unknown" };
  const at = meta.at ?? new Date();
  const actor = { userId: found.userId, email: found.user.email };
  // A spent link costs no password hash.
  // A link of a disabled account counts as spent (disabling ends them all; this covers a race).
  const spent = found.usedAt || found.expiresAt <= at || found.user.disabledAt;
  const passwordHash = spent ? null : await hashPassword(newPassword);
  return writeTransaction(
    async (tx) => {
      const claimed = passwordHash
        ? await tx.passwordReset.updateMany({
            where: { id: found.id, usedAt: null, expiresAt: { gt: at }, user: { disabledAt: null } },
            data: { usedAt: at },
          })
        : { count: 0 };
      if (claimed.count === 0) {
        const reason = found.expiresAt <= at ? "expired" : "used";
        await appendEvent(tx, { action: "user.password_reset_failed", actor, detail: REFUSAL_DETAIL[reason], meta });
        return { ok: false, reason } as const;
      }
      const user = await tx.user.update({
        where: { id: found.userId },
        data: { passwordHash: passwordHash!, mustChangePassword: false, temporaryPasswordUntil: null, sessionVersion: { increment: 1 } },
        select: sessionUserSelect,
      });
      await tx.session.deleteMany({ where: { userId: user.id } });
      await endResetLinks(tx, user.id, at);
      await appendEvent(tx, {
        action: "user.password_reset",
        actor,
        detail: "through the link sent by email; every session ended",
        meta,
      });
      return { ok: true, user } as const;
    },
    { lock: ["user", found.userId] },
  );
}
