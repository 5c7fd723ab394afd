import "server-only";
import type { SessionUser } from "@/lib/dal/access";
import { MESSAGES } from "@/lib/model";
import { appendEvent, recordEvent } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, writeTransaction, type Tx } from "@/lib/server/db";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/server/passwords";
import { TemporaryPasswordExpired, temporaryPasswordValidUntil } from "@/lib/dal/temporary-passwords";
import { isAdmin } from "@/lib/scopes";

export const ACCOUNT_DISABLED_MESSAGE = MESSAGES.accountDisabled;

/** Thrown by verifyCredentials for the right password of a disabled account: only its holder learns it is disabled. */
export class AccountDisabled extends Error {
  constructor() {
    super(ACCOUNT_DISABLED_MESSAGE);
    this.name = "AccountDisabled";
  }
}

export type { SessionUser };

export const sessionUserSelect = { id: true, email: true, name: true, role: true, sessionVersion: true, mustChangePassword: true } as const;

/** A new account, or why none was made; what else a maker returns with it is `Made`. */
export type CreatedAccount<Made = unknown, Refusal extends string = "email_taken"> =
  ({ ok: true; user: SessionUser } & Made) | { ok: false; reason: Refusal };

/** Whether the installation has an account yet: without one, the console opens on creating its admin. */
export async function hasAccounts(): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) !== null;
}

/**
 * The first account of an installation becomes its ADMIN. `onlyFirst` (the first-run form, and
 * sign-up while SIGNUP=closed) is decided under the same lock as the count, so two people racing
 * on a fresh console make one admin, and the other is refused ("not_first").
 */
export async function createUser(
  input: { name: string; email: string; password: string },
  meta: RequestMeta,
  options: { onlyFirst?: boolean } = {},
): Promise<CreatedAccount<unknown, "email_taken" | "not_first">> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await writeTransaction(
      async (tx) => {
        const isFirst = (await tx.user.count()) === 0;
        if (!isFirst && options.onlyFirst) return null;
        const created = await tx.user.create({
          data: {
            name: input.name,
            email: input.email,
            passwordHash,
            role: isFirst ? "ADMIN" : "MEMBER",
            adminWelcomePending: isFirst,
            createdAt: meta.at,
          },
          select: sessionUserSelect,
        });
        await appendEvent(tx, { action: "user.signed_up", actor: { userId: created.id, email: created.email }, meta });
        return created;
      },
      { lock: ["admins"] },
    );
    return user ? { ok: true, user } : { ok: false, reason: "not_first" };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "email_taken" };
    throw error;
  }
}

/** Whether the admin still has the first-run welcome to read (the first account, until it dismisses it). */
export async function adminWelcomePending(user: SessionUser): Promise<boolean> {
  if (!isAdmin(user)) return false;
  const found = await db.user.findUnique({ where: { id: user.id }, select: { adminWelcomePending: true } });
  return found?.adminWelcomePending ?? false;
}

export async function dismissAdminWelcome(user: SessionUser): Promise<void> {
  await writeTransaction((tx) => tx.user.updateMany({ where: { id: user.id }, data: { adminWelcomePending: false } }), {
    lock: ["user", user.id],
  });
}

/**
 * The user whose email and password match, or null; as slow for an unknown email as for a
 * wrong password. Both outcomes are audited, by email, never with the password.
 */
export async function verifyCredentials(email: string, password: string, meta: RequestMeta): Promise<SessionUser | null> {
  const found = await db.user.findUnique({
    where: { email },
    select: { ...sessionUserSelect, passwordHash: true, createdAt: true, temporaryPasswordUntil: true, disabledAt: true },
  });
  let user: SessionUser | null = null;
  let expired = false;
  let disabled = false;
  // An account made by single sign-on has no password (""): as slow, and as shut, as no account.
  if (!found || found.passwordHash === "") {
    await burnPasswordCheck(password);
  } else {
    const { passwordHash, createdAt, temporaryPasswordUntil, disabledAt, ...rest } = found;
    // Said only to whoever knows the password: nothing about the account leaks to anyone else.
    if (await verifyPassword(passwordHash, password)) {
      disabled = disabledAt !== null;
      expired = rest.mustChangePassword && temporaryPasswordValidUntil({ temporaryPasswordUntil, createdAt }) <= (meta.at ?? new Date());
      if (!expired && !disabled) user = rest;
    }
  }
  await recordEvent({
    action: user ? "user.login_succeeded" : "user.login_failed",
    actor: { userId: found?.id ?? null, email },
    detail: disabled ? "the account is disabled" : expired ? "temporary password expired" : undefined,
    meta,
  });
  if (disabled) throw new AccountDisabled();
  if (expired) throw new TemporaryPasswordExpired();
  return user;
}

export type ChangePasswordResult = { ok: true } | { ok: false; reason: "wrong_password" };

/**
 * Ends every reset link of the user not yet used: whatever changes who holds the account (a new
 * password, a reset, "log out everywhere") leaves no emailed link that opens it.
 */
export function endResetLinks(tx: Tx, userId: string, at: Date) {
  return tx.passwordReset.updateMany({ where: { userId, usedAt: null }, data: { usedAt: at } });
}

export async function changePassword(
  user: SessionUser,
  passwords: { current: string; next: string },
  keepSessionId: string,
  meta: RequestMeta,
): Promise<ChangePasswordResult> {
  const found = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!found || !(await verifyPassword(found.passwordHash, passwords.current))) {
    await recordEvent({ action: "user.password_change_failed", actor: { userId: user.id, email: user.email }, meta });
    return { ok: false, reason: "wrong_password" };
  }
  const passwordHash = await hashPassword(passwords.next);
  await writeTransaction(
    async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
      await tx.session.deleteMany({ where: { userId: user.id, id: { not: keepSessionId } } });
      await endResetLinks(tx, user.id, meta.at ?? new Date());
      await appendEvent(tx, { action: "user.password_changed", actor: { userId: user.id, email: user.email }, meta });
    },
    { lock: ["user", user.id] },
  );
  return { ok: true };
}

/** The user's latest sign-ins (and the sign-up or password reset that began a session), from the audit log. */
export async function recentSignIns(user: SessionUser, take = 10) {
  const events = await db.auditEvent.findMany({
    // A reset link's use starts a session too (an operator's reset has no actor, and starts none).
    where: { actorUserId: user.id, action: { in: ["user.login_succeeded", "user.signed_up", "user.password_reset"] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { id: true, createdAt: true, ip: true, userAgent: true },
  });
  return events.map((event) => ({ ...event, createdAt: event.createdAt.toISOString() }));
}

/** The login limits let an address the account signed in from lately through its slowdown. */
export async function signedInBefore(email: string, matches: (ip: string) => boolean): Promise<boolean> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return false;
  const events = await db.auditEvent.findMany({
    where: {
      actorUserId: user.id,
      action: { in: ["user.login_succeeded", "user.signed_up"] },
      createdAt: { gte: new Date(Date.now() - 90 * 24 * 60 * 60 * 1000) },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 50,
    select: { ip: true },
  });
  return events.some((event) => event.ip !== null && matches(event.ip));
}
