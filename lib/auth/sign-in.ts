import "server-only";
import crypto from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { cookies } from "next/headers";
import type { SessionUser } from "@/lib/dal/access";
import type { RequestMeta } from "@/lib/server/request-context";
import { SESSION_MAX_AGE_MS, type SessionClaim } from "@/lib/dal/sessions";
import { signedInBefore, verifyCredentials } from "@/lib/dal/users";
import { env } from "@/lib/server/config.mjs";
import { secrets } from "@/lib/server/secrets.mjs";
import { log } from "@/lib/server/log";
import { addressKey, createLimiter } from "@/lib/server/rate-limit";

// Sign-in, and the session cookie. next-auth's JWT (encrypted with the auth secret) carries the
// session's claim; the session itself is a database row (lib/dal/sessions.ts), so logging out
// ends it for every copy of the cookie. Login and logout are server actions, so that they work
// before the page's JavaScript has loaded, and without it.

export const LOGIN_FAILED_MESSAGE = "That email and password do not match an account.";
export const LOGIN_THROTTLED_MESSAGE = "Too many failed attempts. Wait a few minutes, then try again.";
/** The per-account slowdown, told with its wait so that the account's owner knows it is not locked out. */
export const accountWaitMessage = (ms: number) =>
  `This account has had too many failed sign-in attempts. Try again in ${Math.max(1, Math.ceil(ms / 1000))} seconds.`;

// Password checks (login, and the current password of Change password) are limited three ways,
// each counted before the password is checked, so that parallel guesses cannot all slip in:
// - per address (an IPv6 client: its /64), against spraying many accounts;
// - per account and address, against guessing one password from one client;
// - per account, whatever the address, against a botnet: after FREE_ACCOUNT_FAILURES failures
//   in an hour every further attempt waits, 1 s, 2 s, 4 s… up to MAX_ACCOUNT_DELAY_S, about
//   as many guesses an hour as one client gets. A delay, never a lock: the owner is told how
//   long, and it does not apply to a browser the account has signed in with before (its device
//   cookie, as OWASP suggests) nor from an address it has signed in from. A refused attempt
//   still costs its address one of its per-account attempts, so that no one address can sit
//   on the account, taking every turn as it comes free.
const perAccountAndIp = createLimiter({ keyPrefix: "login-account-ip", points: 10, durationSeconds: 15 * 60 });
const perIp = createLimiter({ keyPrefix: "login-ip", points: 100, durationSeconds: 15 * 60 });
const perAccount = createLimiter({ keyPrefix: "login-account", points: 1_000_000, durationSeconds: 60 * 60 });
const accountTurn = createLimiter({ keyPrefix: "login-account-turn", points: 1, durationSeconds: 1 });
export const FREE_ACCOUNT_FAILURES = 10;
const MAX_ACCOUNT_DELAY_S = 180;

/** The wait after the account's `failures`-th failure in the hour: none for the first ten, then doubling. */
export const accountDelaySeconds = (failures: number) =>
  failures <= FREE_ACCOUNT_FAILURES ? 0 : Math.min(2 ** (failures - FREE_ACCOUNT_FAILURES - 1), MAX_ACCOUNT_DELAY_S);

export type PasswordAttempt =
  | { ok: true; /** Records the outcome: a success clears the account's counts. */ settle(succeeded: boolean): Promise<void> }
  | { ok: false; message: string };

/** Admits one password check for `email` from `meta.ip`, or refuses it (and then nothing is checked). */
export async function admitPasswordAttempt(email: string, meta: RequestMeta): Promise<PasswordAttempt> {
  const address = addressKey(meta.ip);
  const accountAddress = `${email}|${address}`;
  if ((await perIp.blockedFor(address)) || (await perAccountAndIp.blockedFor(accountAddress))) {
    log.warn("login.throttled", { ip: meta.ip });
    return { ok: false, message: LOGIN_THROTTLED_MESSAGE };
  }
  const attempts = await perAccount.hit(email);
  if (
    accountDelaySeconds(attempts) > 0 &&
    !(await knownDevice(email)) &&
    !(await signedInBefore(email, (ip) => addressKey(ip) === address))
  ) {
    // One attempt per delay: the first to take the turn holds it for the delay, the rest wait.
    const wait = (await accountTurn.blockedFor(email)) || (await accountTurn.consume(email));
    if (wait) {
      await Promise.all([perAccount.refund(email), perAccountAndIp.consume(accountAddress)]);
      log.warn("login.account_slowed", { ip: meta.ip, waitMs: wait });
      return { ok: false, message: accountWaitMessage(wait) };
    }
    await accountTurn.block(email, accountDelaySeconds(attempts) * 1000);
  }
  const [overIp, overAccountAddress] = await Promise.all([perIp.consume(address), perAccountAndIp.consume(accountAddress)]);
  if (overIp || overAccountAddress) return { ok: false, message: LOGIN_THROTTLED_MESSAGE };
  return {
    ok: true,
    async settle(succeeded) {
      if (succeeded) await Promise.all([perIp.refund(address), perAccountAndIp.reset(accountAddress), perAccount.reset(email)]);
    },
  };
}

// Sign-ups are throttled per address (a few accounts an hour), per email, and for the whole
// installation: each attempt costs an argon2 hash, and the answer for an email that has an
// account cannot be the same as for one that has none without email verification, so a script
// reads it only this often, from however many addresses.
const signupsPerIp = createLimiter({ keyPrefix: "signup-ip", points: env().SIGNUPS_PER_IP_PER_HOUR, durationSeconds: 60 * 60 });
const signupsPerEmail = createLimiter({ keyPrefix: "signup-email", points: 5, durationSeconds: 60 * 60 });
const signupsOverall = createLimiter({ keyPrefix: "signup-all", points: env().SIGNUPS_PER_HOUR, durationSeconds: 60 * 60 });
export const SIGNUP_THROTTLED_MESSAGE = "Too many sign-up attempts. Wait an hour, then try again.";

/** Counts a sign-up attempt; false when the address, the email or the installation has had its share this hour. */
export async function allowSignup(email: string, meta: RequestMeta): Promise<boolean> {
  const address = addressKey(meta.ip);
  if ((await signupsPerIp.blockedFor(address)) || (await signupsPerEmail.blockedFor(email)) || (await signupsOverall.blockedFor("all")))
    return false;
  const over = await Promise.all([signupsPerIp.consume(address), signupsPerEmail.consume(email), signupsOverall.consume("all")]);
  return over.every((wait) => wait === 0);
}

// Reset links are throttled per address and per email (whether it has an account or not, so the
// limit says nothing about it): each one is an email sent to someone who may not have asked.
const resetsPerIp = createLimiter({ keyPrefix: "reset-ip", points: 10, durationSeconds: 60 * 60 });
const resetsPerEmail = createLimiter({ keyPrefix: "reset-email", points: 3, durationSeconds: 60 * 60 });
export const RESET_THROTTLED_MESSAGE = "Too many reset links asked for. Wait an hour, then try again.";

/** Counts a request for a reset link; false when the address or the email has had its share this hour. */
export async function allowResetRequest(email: string, meta: RequestMeta): Promise<boolean> {
  const address = addressKey(meta.ip);
  if ((await resetsPerIp.blockedFor(address)) || (await resetsPerEmail.blockedFor(email))) return false;
  const over = await Promise.all([resetsPerIp.consume(address), resetsPerEmail.consume(email)]);
  return over.every((wait) => wait === 0);
}

export type Authentication = { ok: true; user: SessionUser } | { ok: false; message: string };

/** The account for these credentials, within the login limits; every attempt is audited. */
export async function authenticate(credentials: { email: string; password: string }, meta: RequestMeta): Promise<Authentication> {
  const attempt = await admitPasswordAttempt(credentials.email, meta);
  if (!attempt.ok) return attempt;
  const user = await verifyCredentials(credentials.email, credentials.password, meta);
  await attempt.settle(user !== null);
  if (!user) return { ok: false, message: LOGIN_FAILED_MESSAGE };
  await rememberDevice(user.email);
  return { ok: true, user };
}

// The device cookie: a browser that has signed in to an account says so at its next sign-in,
// and skips that account's slowdown. It names the account (a keyed hash of its email), is
// worth nothing elsewhere, and opens nothing: the password is still checked.
const DEVICE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const deviceCookieName = () => (env().PUBLIC_URL?.startsWith("https:") ? "__Host-token-console.device" : "token-console.device");
const deviceMark = (email: string) => crypto.createHmac("sha256", secrets().authSecret).update(`device|${email}`).digest("base64url");

async function rememberDevice(email: string): Promise<void> {
  const secure = env().PUBLIC_URL?.startsWith("https:") ?? false;
  (await cookies()).set(deviceCookieName(), deviceMark(email), {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/",
    maxAge: DEVICE_MAX_AGE_SECONDS,
  });
}

async function knownDevice(email: string): Promise<boolean> {
  const sent = (await cookies()).get(deviceCookieName())?.value;
  if (!sent) return false;
  const expected = Buffer.from(deviceMark(email));
  const given = Buffer.from(sent);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
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
