import "server-only";
import { appendEvent, recordEvent, type RequestMeta } from "@/lib/dal/audit";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { burnPasswordCheck, hashPassword, verifyPassword } from "@/lib/passwords";

/** What the rest of the app knows of a signed-in user: never a password hash. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: "MEMBER" | "ADMIN";
  sessionVersion: number;
};

const sessionUserSelect = { id: true, email: true, name: true, role: true, sessionVersion: true } as const;

export type CreateUserResult = { ok: true; user: SessionUser } | { ok: false; reason: "email_taken" };

/** Creates an account; the very first account of an installation becomes its ADMIN. */
export async function createUser(
  input: { name: string; email: string; password: string },
  meta: RequestMeta,
): Promise<CreateUserResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const isFirst = (await tx.user.count()) === 0;
      const created = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash, role: isFirst ? "ADMIN" : "MEMBER" },
        select: sessionUserSelect,
      });
      await appendEvent(tx, { action: "user.signed_up", actor: { userId: created.id, email: created.email }, meta });
      return created;
    });
    return { ok: true, user };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "email_taken" };
    }
    throw error;
  }
}

/**
 * The user whose email and password match, or null; as slow for an unknown email as for a
 * wrong password. Both outcomes are audited, by email, never with the password.
 */
export async function verifyCredentials(email: string, password: string, meta: RequestMeta): Promise<SessionUser | null> {
  const found = await db.user.findUnique({ where: { email }, select: { ...sessionUserSelect, passwordHash: true } });
  let user: SessionUser | null = null;
  if (!found) {
    await burnPasswordCheck(password);
  } else {
    const { passwordHash, ...rest } = found;
    if (await verifyPassword(passwordHash, password)) user = rest;
  }
  await recordEvent({
    action: user ? "user.login_succeeded" : "user.login_failed",
    actor: { userId: found?.id ?? null, email },
    meta,
  });
  return user;
}

/** The user a session cookie names, if that session has not been invalidated since. */
export async function findSessionUser(id: string, sessionVersion: number): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id }, select: sessionUserSelect });
  return user && user.sessionVersion === sessionVersion ? user : null;
}

/** The account fields the platform API's account/info returns. */
export async function findAccount(userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
}
