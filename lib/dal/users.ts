import "server-only";
import type { SessionUser } from "@/lib/dal/access";
import { appendEvent, recordEvent } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, writeTransaction, type Tx } from "@/lib/server/db";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/server/passwords";

export type { SessionUser };

export const sessionUserSelect = { id: true, email: true, name: true, role: true, sessionVersion: true, mustChangePassword: true } as const;

export type CreateUserResult = { ok: true; user: SessionUser } | { ok: false; reason: "email_taken" | "not_first" };

/** Whether the installation has an account yet: without one, the console opens on creating its admin. */
export async function hasAccounts(): Promise<boolean> {
  return (await db.user.findFirst({ select: { id: true } })) !== null;
}

/**
 * Creates an account; the very first account of an installation becomes its ADMIN. With
 * `onlyFirst` (the first-run form, and any sign-up while SIGNUP=closed) it is created only when
 * it is that first account: decided under the same lock as the count, so two people racing on
 * a fresh console make one admin, and the other is refused ("not_first").
 */
export async function createUser(
  input: { name: string; email: string; password: string },
  meta: RequestMeta,
  options: { onlyFirst?: boolean } = {},
): Promise<CreateUserResult> {
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
  if (user.role !== "ADMIN") return false;
  const found = await db.user.findUnique({ where: { id: user.id }, select: { adminWelcomePending: true } });
  return found?.adminWelcomePending ?? false;
}

/** The welcome is read: it does not come back. */
export async function dismissAdminWelcome(user: SessionUser): Promise<void> {
  await writeTransaction((tx) => tx.user.updateMany({ where: { id: user.id }, data: { adminWelcomePending: false } }), {
    lock: ["user", user.id],
  });
}

export type CreatedAccount = { ok: true; user: SessionUser; temporaryPasswordValidUntil: Date } | { ok: false; reason: "email_taken" };

/**
 * How long an operator's temporary password opens its account. It travels by hand (a chat, a
 * note), so one never used must not stay a way in. Recorded on the account when it is set
 * (temporaryPasswordUntil); accounts made before that was recorded count from their creation,
 * then the only thing that set one.
 */
export const TEMPORARY_PASSWORD_DAYS = 7;
const temporaryPasswordDeadline = (from: Date) => new Date(from.getTime() + TEMPORARY_PASSWORD_DAYS * 86_400_000);
const temporaryPasswordValidUntil = (account: { temporaryPasswordUntil: Date | null; createdAt: Date }) =>
  account.temporaryPasswordUntil ?? temporaryPasswordDeadline(account.createdAt);

export const TEMPORARY_PASSWORD_EXPIRED_MESSAGE = `This temporary password has expired: they work for ${TEMPORARY_PASSWORD_DAYS} days. Ask an admin to make you a new one.`;

/** Thrown by verifyCredentials for the right temporary password past its lifetime: the login form says so. */
export class TemporaryPasswordExpired extends Error {
  constructor() {
    super(TEMPORARY_PASSWORD_EXPIRED_MESSAGE);
    this.name = "TemporaryPasswordExpired";
  }
}

/**
 * An account an operator adds (`npm run admin -- create`, for SIGNUP=closed): it signs in with
 * `temporaryPassword` once, and must choose its own password before anything else. Like
 * sign-up, the first account of an installation becomes its admin; `admin` makes any one so.
 */
export async function createAccountAsOperator(
  input: { email: string; name: string; temporaryPassword: string; admin: boolean },
  meta: RequestMeta,
): Promise<CreatedAccount> {
  const passwordHash = await hashPassword(input.temporaryPassword);
  const at = meta.at ?? new Date();
  try {
    const user = await writeTransaction(
      async (tx) => {
        // An account whose temporary password expired unused has done nothing (it can do nothing
        // before choosing its own password): made again, it gets a new one, and a new lifetime.
        const unused = await tx.user.findUnique({
          where: { email: input.email },
          select: { id: true, mustChangePassword: true, createdAt: true, temporaryPasswordUntil: true },
        });
        if (unused?.mustChangePassword && temporaryPasswordValidUntil(unused) <= at) await tx.user.delete({ where: { id: unused.id } });
        const isFirst = (await tx.user.count()) === 0;
        const created = await tx.user.create({
          data: {
            name: input.name,
            email: input.email,
            passwordHash,
            mustChangePassword: true,
            temporaryPasswordUntil: temporaryPasswordDeadline(at),
            role: isFirst || input.admin ? "ADMIN" : "MEMBER",
            adminWelcomePending: isFirst,
            createdAt: at,
          },
          select: sessionUserSelect,
        });
        await appendEvent(tx, {
          action: "user.created",
          subject: { id: created.id, email: created.email },
          detail: `${created.role === "ADMIN" ? "admin" : "member"}, by npm run admin${unused ? ", again: the first temporary password expired unused" : ""}`,
          meta,
        });
        return created;
      },
      { lock: ["admins"] },
    );
    return { ok: true, user, temporaryPasswordValidUntil: temporaryPasswordDeadline(at) };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "email_taken" };
    throw error;
  }
}

/**
 * The user whose email and password match, or null; as slow for an unknown email as for a
 * wrong password. Both outcomes are audited, by email, never with the password.
 */
export async function verifyCredentials(email: string, password: string, meta: RequestMeta): Promise<SessionUser | null> {
  const found = await db.user.findUnique({
    where: { email },
    select: { ...sessionUserSelect, passwordHash: true, createdAt: true, temporaryPasswordUntil: true },
  });
  let user: SessionUser | null = null;
  let expired = false;
  if (!found) {
    await burnPasswordCheck(password);
  } else {
    const { passwordHash, createdAt, temporaryPasswordUntil, ...rest } = found;
    // Said only to whoever knows the password: nothing about the account leaks to anyone else.
    if (await verifyPassword(passwordHash, password)) {
      expired = rest.mustChangePassword && temporaryPasswordValidUntil({ temporaryPasswordUntil, createdAt }) <= (meta.at ?? new Date());
      if (!expired) user = rest;
    }
  }
  await recordEvent({
    action: user ? "user.login_succeeded" : "user.login_failed",
    actor: { userId: found?.id ?? null, email },
    detail: expired ? "temporary password expired" : undefined,
    meta,
  });
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

/**
 * Changes the user's password when `current` is right. Every other session of the user ends
 * (the one named by `keepSessionId` stays), in the same transaction as the change and its event.
 */
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

export type OperatorReset =
  { ok: true; user: { email: string; name: string }; temporaryPasswordValidUntil: Date } | { ok: false; reason: "no_such_account" };

/**
 * `npm run admin -- reset-password`: the account gets a temporary password, on the same terms
 * as one `create` makes (one sign-in within 7 days, then it must choose its own); every session
 * of the account ends, and so does every reset link sent to it. The change and its event
 * commit together.
 */
export async function resetPasswordAsOperator(rawEmail: string, temporaryPassword: string, meta: RequestMeta): Promise<OperatorReset> {
  const email = rawEmail.trim().toLowerCase();
  const found = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!found) return { ok: false, reason: "no_such_account" };
  const passwordHash = await hashPassword(temporaryPassword);
  const at = meta.at ?? new Date();
  const until = temporaryPasswordDeadline(at);
  const user = await writeTransaction(
    async (tx) => {
      const updated = await tx.user.update({
        where: { id: found.id },
        data: { passwordHash, mustChangePassword: true, temporaryPasswordUntil: until, sessionVersion: { increment: 1 } },
        select: { id: true, email: true, name: true },
      });
      await tx.session.deleteMany({ where: { userId: updated.id } });
      await endResetLinks(tx, updated.id, at);
      await appendEvent(tx, {
        action: "user.password_reset",
        subject: { id: updated.id, email: updated.email },
        detail: "a temporary password, by npm run admin",
        meta,
      });
      return updated;
    },
    { lock: ["user", found.id] },
  );
  return { ok: true, user: { email: user.email, name: user.name }, temporaryPasswordValidUntil: until };
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

export type RoleChange = { ok: true; changed: boolean } | { ok: false; reason: "no_such_account" | "last_admin" };

/**
 * Grants or removes the admin role (the `npm run admin` command). Never removes the last
 * admin, so an installation always has one; the change and its event commit together.
 */
export async function changeRole(
  rawEmail: string,
  role: "ADMIN" | "MEMBER",
  origin: { detail: string; meta: RequestMeta },
): Promise<RoleChange> {
  const email = rawEmail.trim().toLowerCase();
  return writeTransaction(
    async (tx) => {
      const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, role: true } });
      if (!user) return { ok: false, reason: "no_such_account" } as const;
      if (user.role === role) return { ok: true, changed: false } as const;
      if (role === "MEMBER" && (await tx.user.count({ where: { role: "ADMIN" } })) <= 1)
        return { ok: false, reason: "last_admin" } as const;
      await tx.user.update({ where: { id: user.id }, data: { role } });
      await appendEvent(tx, {
        action: role === "ADMIN" ? "user.role_granted" : "user.role_revoked",
        subject: { id: user.id, email: user.email },
        detail: origin.detail,
        meta: origin.meta,
      });
      return { ok: true, changed: true } as const;
    },
    { lock: ["admins"] },
  );
}

/**
 * Whether the account with this email has signed in (or signed up) from an address `matches`
 * accepts, among its latest sign-ins of the last 90 days: the login limits let such an address
 * through an account's slowdown.
 */
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
