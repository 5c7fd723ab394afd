import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "@/lib/server/auth";
import { findSessionUser, type SessionUser } from "@/lib/dal/users";

/**
 * The signed-in user for this request, or null. The cookie alone is not enough: the user must
 * still exist and the cookie's session version must be current (a bump logs out everywhere).
 */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.userId) return null;
  return findSessionUser(session.userId, session.sessionVersion ?? 0);
});

/** For pages and layouts: the signed-in user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const returnTo = safeReturnTo((await headers()).get("x-return-to") ?? undefined);
    redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  return user;
}

/** For admin pages: members get the same 404 as for a page that does not exist. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (user.role !== "ADMIN") notFound();
  return user;
}

/** A same-origin path to return to after login; anything else becomes the default. */
export function safeReturnTo(value: string | string[] | undefined, fallback = "/api-tokens"): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.includes("\\")) return fallback;
  return candidate;
}
