import "server-only";
import { appendEvent } from "@/lib/dal/audit";
import { temporaryPasswordDeadline, temporaryPasswordValidUntil } from "@/lib/dal/temporary-passwords";
import { endResetLinks, sessionUserSelect, type CreatedAccount } from "@/lib/dal/users";
import { Prisma } from "@/lib/generated/prisma/client";
import { isAdmin, ROLE_WIRE, type Role } from "@/lib/scopes";
import { db, writeTransaction } from "@/lib/server/db";
import { hashPassword } from "@/lib/server/passwords";
import type { RequestMeta } from "@/lib/server/request-context";

// What an operator does to accounts from the command line (`npm run admin`, scripts/admin.ts).

/**
 * An account an operator adds (`npm run admin -- create`, for SIGNUP=closed): it signs in with
 * `temporaryPassword` once, and must choose its own password before anything else. Like
 * sign-up, the first account of an installation becomes its admin; `admin` makes any one so.
 */
export async function createAccountAsOperator(
  input: { email: string; name: string; temporaryPassword: string; admin: boolean },
  meta: RequestMeta,
): Promise<CreatedAccount<{ temporaryPasswordValidUntil: Date }>> {
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
          detail: `${ROLE_WIRE[created.role]}, by npm run admin${unused ? ", again: the first temporary password expired unused" : ""}`,
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

export type OperatorReset =
  { ok: true; user: { email: string; name: string }; temporaryPasswordValidUntil: Date } | { ok: false; reason: "no_such_account" };

/**
 * `npm run admin -- reset-password`: a temporary password on the same terms as `create`'s; every
 * session and reset link of the account ends.
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

export type RoleChange = { ok: true; changed: boolean } | { ok: false; reason: "no_such_account" | "last_admin" };

/** Never removes the last admin, so an installation always has one. */
export async function changeRole(rawEmail: string, role: Role, origin: { detail: string; meta: RequestMeta }): Promise<RoleChange> {
  const email = rawEmail.trim().toLowerCase();
  return writeTransaction(
    async (tx) => {
      const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true, role: true, disabledAt: true } });
      if (!user) return { ok: false, reason: "no_such_account" } as const;
      if (user.role === role) return { ok: true, changed: false } as const;
      // A disabled admin acts for nobody: the last *active* admin keeps the role.
      if (role === "MEMBER" && !user.disabledAt && (await tx.user.count({ where: { role: "ADMIN", disabledAt: null } })) <= 1)
        return { ok: false, reason: "last_admin" } as const;
      await tx.user.update({ where: { id: user.id }, data: { role } });
      await appendEvent(tx, {
        action: isAdmin({ role }) ? "user.role_granted" : "user.role_revoked",
        subject: { id: user.id, email: user.email },
        detail: origin.detail,
        meta: origin.meta,
      });
      return { ok: true, changed: true } as const;
    },
    { lock: ["admins"] },
  );
}
