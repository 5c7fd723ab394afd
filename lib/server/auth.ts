import "server-only";
import { decode, encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import type { SessionUser } from "@/lib/dal/access";
import type { RequestMeta } from "@/lib/dal/audit";
import { SESSION_MAX_AGE_MS, type SessionClaim } from "@/lib/dal/sessions";
import { verifyCredentials } from "@/lib/dal/users";
import { env, secrets } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { createLimiter } from "@/lib/server/rate-limit";

// Sign-in, and the session cookie. next-auth's JWT (encrypted with the auth secret) carries the
// session's claim; the session itself is a database row (lib/dal/sessions.ts), so logging out
// ends it for every copy of the cookie. Login and logout are server actions, so that they work
// before the page's JavaScript has loaded, and without it.

export const LOGIN_FAILED_MESSAGE = "That email and password do not match an account.";
export const LOGIN_THROTTLED_MESSAGE = "Too many failed attempts. Wait a few minutes, then try again.";

// Failed logins are throttled per account and address (guessing one password) and per address
// (spraying many accounts). A success clears the account+address counter.
const perAccountAndIp = createLimiter({ keyPrefix: "login-account-ip", points: 10, durationSeconds: 15 * 60 });
const perIp = createLimiter({ keyPrefix: "login-ip", points: 100, durationSeconds: 15 * 60 });

// Sign-ups are throttled per address (a few accounts an hour) and per email: each attempt costs
// an argon2 hash, and the answer for an email that has an account cannot be the same as for
// one that has none without email verification, so a script reads it only this often.
const signupsPerIp = createLimiter({ keyPrefix: "signup-ip", points: env().SIGNUPS_PER_IP_PER_HOUR, durationSeconds: 60 * 60 });
const signupsPerEmail = createLimiter({ keyPrefix: "signup-email", points: 5, durationSeconds: 60 * 60 });
export const SIGNUP_THROTTLED_MESSAGE = "Too many sign-up attempts. Wait an hour, then try again.";

/** Counts a sign-up attempt; false when the address or the email has had its share this hour. */
export async function allowSignup(email: string, meta: RequestMeta): Promise<boolean> {
  const ip = meta.ip ?? "unknown";
  if ((await signupsPerIp.blockedFor(ip)) || (await signupsPerEmail.blockedFor(email))) return false;
  await Promise.all([signupsPerIp.consume(ip), signupsPerEmail.consume(email)]);
  return true;
}

export type Authentication = { ok: true; user: SessionUser } | { ok: false; message: string };

/** The account for these credentials, within the login limits; every attempt is audited. */
export async function authenticate(credentials: { email: string; password: string }, meta: RequestMeta): Promise<Authentication> {
  const ip = meta.ip ?? "unknown";
  const accountKey = `${credentials.email}|${ip}`;
  if ((await perAccountAndIp.blockedFor(accountKey)) || (await perIp.blockedFor(ip))) {
    log.warn("login.throttled", { ip });
    return { ok: false, message: LOGIN_THROTTLED_MESSAGE };
  }
  const user = await verifyCredentials(credentials.email, credentials.password, meta);
  if (!user) {
    await Promise.all([perAccountAndIp.consume(accountKey), perIp.consume(ip)]);
    return { ok: false, message: LOGIN_FAILED_MESSAGE };
  }
  await perAccountAndIp.reset(accountKey);
  return { ok: true, user };
}

/**
 * The session cookie. Over HTTPS (PUBLIC_URL https://…) it is Secure and __Host- prefixed: sent
 * only over TLS, only to this host, for every path.
 */
function sessionCookie() {
  const secure = env().PUBLIC_URL?.startsWith("https:") ?? false;
  return { name: secure ? "__Host-token-console.session" : "token-console.session", secure };
}

const MAX_AGE_SECONDS = SESSION_MAX_AGE_MS / 1000;

export async function setSessionCookie(claim: SessionClaim): Promise<void> {
  const { name, secure } = sessionCookie();
  const value = await encode({
    token: { sub: claim.userId, sid: claim.sessionId, sv: claim.sessionVersion },
    secret: secrets().authSecret,
    maxAge: MAX_AGE_SECONDS,
  });
  (await cookies()).set(name, value, { httpOnly: true, secure, sameSite: "lax", path: "/", maxAge: MAX_AGE_SECONDS });
}

export async function clearSessionCookie(): Promise<void> {
  const { name, secure } = sessionCookie();
  (await cookies()).set(name, "", { httpOnly: true, secure, sameSite: "lax", path: "/", maxAge: 0 });
}

/** The claim of this request's session cookie, if it is one of ours and has not expired. */
export async function readSessionCookie(): Promise<SessionClaim | null> {
  const raw = (await cookies()).get(sessionCookie().name)?.value;
  if (!raw) return null;
  const token = await decode({ token: raw, secret: secrets().authSecret }).catch(() => null);
  if (!token || typeof token.sub !== "string" || typeof token.sid !== "string" || typeof token.sv !== "number") return null;
  return { userId: token.sub, sessionId: token.sid, sessionVersion: token.sv };
}
