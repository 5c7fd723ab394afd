import "server-only";
import type { SessionUser } from "@/lib/dal/access";
import { appendEvent, recordEvent } from "@/lib/dal/audit";
import type { SessionClaim } from "@/lib/dal/sessions";
import type { RequestMeta } from "@/lib/server/request-context";
import { db, writeTransaction } from "@/lib/server/db";
import { burnPasswordCheck, verifyPassword } from "@/lib/server/passwords";

// Sudo mode's record: when this browser's user last proved who they are (Session.authenticatedAt).
// Signing in sets it (the row's default); confirming in the sudo dialog moves it. It belongs to the
// session, so a copied cookie of another browser, or a session that has ended, confirms nothing.

/** How the user confirmed: the audit event says which. */
export type ConfirmMethod = "password" | "authenticator" | "recovery code" | "passkey";

/** When the session a cookie names last authenticated, or null when that session is gone or not its user's. */
export async function sessionAuthenticatedAt(claim: SessionClaim): Promise<Date | null> {
  const session = await db.session.findUnique({ where: { id: claim.sessionId }, select: { userId: true, authenticatedAt: true } });
  return session && session.userId === claim.userId ? session.authenticatedAt : null;
}

/** Records a confirmation made by any method: the session's time moves, audited, in one transaction. */
export async function markSessionAuthenticated(
  user: SessionUser,
  claim: SessionClaim,
  method: ConfirmMethod,
  meta: RequestMeta,
): Promise<boolean> {
  const at = meta.at ?? new Date();
  return writeTransaction(
    async (tx) => {
      const moved = await tx.session.updateMany({ where: { id: claim.sessionId, userId: user.id }, data: { authenticatedAt: at } });
      if (moved.count === 0) return false;
      await appendEvent(tx, { action: "user.reauthenticated", actor: { userId: user.id, email: user.email }, detail: method, meta });
      return true;
    },
    { lock: ["user", user.id] },
  );
}

/** The password check of the sudo dialog. An account without a password (single sign-on) confirms nothing this way. */
/** Whether `password` is the account's own; an account without one (single sign-on) answers false, after as long a check. */
export async function isOwnPassword(userId: string, password: string): Promise<boolean> {
  const found = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  const hash = found?.passwordHash ?? "";
  return hash === "" ? (await burnPasswordCheck(password), false) : verifyPassword(hash, password);
}

export async function confirmWithPassword(user: SessionUser, claim: SessionClaim, password: string, meta: RequestMeta): Promise<boolean> {
  if (!(await isOwnPassword(user.id, password))) {
    await recordEvent({ action: "user.reauthentication_failed", actor: { userId: user.id, email: user.email }, detail: "password", meta });
    return false;
  }
  return markSessionAuthenticated(user, claim, "password", meta);
}

/** Whether the account has a password to confirm with (accounts made by single sign-on have none). */
export async function hasPassword(userId: string): Promise<boolean> {
  const found = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return (found?.passwordHash ?? "") !== "";
}
