import "server-only";
import crypto from "node:crypto";
import type { SessionUser } from "@/lib/dal/access";
import { appendEvent } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { endResetLinks, sessionUserSelect } from "@/lib/dal/users";
import { db, isBusy, retryWhileBusy, writeTransaction } from "@/lib/server/db";

// A session is one signed-in browser: a row here, named by the (encrypted) session cookie.
// The cookie alone opens nothing: each request finds its row, checks that it is neither idle
// nor too old, and that the user's session version still matches.

export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so a page view is not a database write. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

export type SessionClaim = { userId: string; sessionId: string; sessionVersion: number };

export async function startSession(user: SessionUser, meta: RequestMeta): Promise<SessionClaim> {
  const session = await retryWhileBusy(() =>
    db.session.create({
      data: { id: crypto.randomBytes(24).toString("base64url"), userId: user.id, ip: meta.ip, userAgent: meta.userAgent },
      select: { id: true },
    }),
  );
  return { userId: user.id, sessionId: session.id, sessionVersion: user.sessionVersion };
}

/** The user a session cookie names, if that session still stands; ends one that is stale. */
export async function findSessionUser(claim: SessionClaim, now = Date.now()): Promise<SessionUser | null> {
  const session = await db.session.findUnique({
    where: { id: claim.sessionId },
    select: { userId: true, createdAt: true, lastSeenAt: true, user: { select: { ...sessionUserSelect, disabledAt: true } } },
  });
  if (!session || session.userId !== claim.userId || session.user.sessionVersion !== claim.sessionVersion) return null;
  // Disabling deletes the rows too; this holds even for a session started in the same instant.
  if (session.user.disabledAt) return null;
  if (now - session.lastSeenAt.getTime() > SESSION_IDLE_MS || now - session.createdAt.getTime() > SESSION_MAX_AGE_MS) {
    await retryWhileBusy(() => db.session.deleteMany({ where: { id: claim.sessionId } }));
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    // A page view is a read: when the database is busy, the session's time waits for the next one.
    await db.session.updateMany({ where: { id: claim.sessionId }, data: { lastSeenAt: new Date(now) } }).catch((error: unknown) => {
      if (!isBusy(error)) throw error;
    });
  }
  const { disabledAt: _disabled, ...user } = session.user;
  return user;
}

/** Log out: this browser's session ends; a copy of its cookie opens nothing afterwards. */
export async function endSession(claim: SessionClaim, meta: RequestMeta): Promise<void> {
  await writeTransaction(
    async (tx) => {
      const ended = await tx.session.deleteMany({ where: { id: claim.sessionId, userId: claim.userId } });
      if (ended.count === 0) return;
      const user = await tx.user.findUnique({ where: { id: claim.userId }, select: { email: true } });
      await appendEvent(tx, { action: "user.logged_out", actor: { userId: claim.userId, email: user?.email ?? null }, meta });
    },
    { lock: ["user", claim.userId] },
  );
}

/** Log out everywhere: every session of the user ends, and every cookie of the old generation with it. */
export async function endAllSessions(user: SessionUser, meta: RequestMeta): Promise<void> {
  await writeTransaction(
    async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
      await tx.session.deleteMany({ where: { userId: user.id } });
      await endResetLinks(tx, user.id, meta.at ?? new Date());
      await appendEvent(tx, { action: "user.logged_out_everywhere", actor: { userId: user.id, email: user.email }, meta });
    },
    { lock: ["user", user.id] },
  );
}
