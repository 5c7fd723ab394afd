import "server-only";
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
export async function createUser(input: { name: string; email: string; password: string }): Promise<CreateUserResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const isFirst = (await tx.user.count()) === 0;
      return tx.user.create({
        data: { name: input.name, email: input.email, passwordHash, role: isFirst ? "ADMIN" : "MEMBER" },
        select: sessionUserSelect,
      });
    });
    return { ok: true, user };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason: "email_taken" };
    }
    throw error;
  }
}

/** The user whose email and password match, or null; as slow for an unknown email as for a wrong password. */
export async function verifyCredentials(email: string, password: string): Promise<SessionUser | null> {
  const found = await db.user.findUnique({ where: { email }, select: { ...sessionUserSelect, passwordHash: true } });
  if (!found) {
    await burnPasswordCheck(password);
    return null;
  }
  const { passwordHash, ...user } = found;
  return (await verifyPassword(passwordHash, password)) ? user : null;
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
