import "server-only";
import { noteRequestActor } from "@/lib/server/request-store.mjs";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import type { SessionUser } from "@/lib/dal/access";
import { findSessionUser } from "@/lib/dal/sessions";
import { hasSecondFactor, twoFactorRequired } from "@/lib/dal/two-factor";
import { readSessionCookie } from "@/lib/auth/sign-in";
import { isAdmin } from "@/lib/scopes";

// The cookie alone is not enough: its session row must still be live (lib/dal/sessions.ts) and
// the user's session version match (a bump logs out everywhere).
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => {
  const claim = await readSessionCookie();
  const user = claim ? await findSessionUser(claim) : null;
  if (user) noteRequestActor({ userId: user.id });
  return user;
});

/** Policy "require two-factor" holds and this account has no second factor yet: once per request. */
export const needsTwoFactorSetup = cache(async (userId: string): Promise<boolean> => {
  if (!(await twoFactorRequired())) return false;
  return !(await hasSecondFactor(userId));
});

export const TWO_FACTOR_SETUP_PATH = "/account/two-factor";

type Allowed = {
  /** For the pages someone signed in with a temporary password may open (choosing a new one). */
  passwordChange?: "allowed";
  /** For the pages that set up a second factor, which policy "require two-factor" leaves open. */
  twoFactorSetup?: "allowed";
};

// Someone with a temporary password is sent to /account to choose their own first; an account
// without a second factor, when the policy requires one, to set one up before anything else.
export async function requireUser(options: Allowed = {}): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) {
    const returnTo = safeReturnTo((await headers()).get("x-return-to") ?? undefined);
    redirect(returnTo === DEFAULT_RETURN ? "/login" : `/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  if (user.mustChangePassword) {
    if (options.passwordChange !== "allowed") redirect("/account");
    return user;
  }
  if (options.twoFactorSetup !== "allowed" && (await needsTwoFactorSetup(user.id))) redirect(TWO_FACTOR_SETUP_PATH);
  return user;
}

// Members get the same 404 as for a page that does not exist.
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (!isAdmin(user)) notFound();
  return user;
}

const DEFAULT_RETURN = "/api-tokens";
const BASE = "http://token-console.invalid";

// No control character or backslash: browsers drop a tab or newline from a URL, so
// "/\t/evil.example" would leave our origin.
export function safeReturnTo(value: unknown): string {
  const candidate = Array.isArray(value) ? value[0] : value;
  if (typeof candidate !== "string" || !candidate.startsWith("/") || /[\u0000-\u0020\u007f-\u009f\\]/.test(candidate))
    return DEFAULT_RETURN;
  if (!URL.canParse(candidate, BASE)) return DEFAULT_RETURN;
  const url = new URL(candidate, BASE);
  if (url.origin !== BASE || url.pathname.startsWith("//")) return DEFAULT_RETURN;
  return `${url.pathname}${url.search}${url.hash}`;
}
