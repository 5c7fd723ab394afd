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

// The cookie (next-auth's encrypted JWT) carries only a claim; the session is a database row
// (lib/dal/sessions.ts), so logging out ends it for every copy of the cookie.

export const LOGIN_FAILED_MESSAGE = "That email and password do not match an account.";
export const LOGIN_THROTTLED_MESSAGE = "Too many failed attempts. Wait a few minutes, then try again.";
// With its wait, so that the account's owner knows it is not locked out.
export const accountWaitMessage = (ms: number) =>
  `This account has had too many failed sign-in attempts. Try again in ${Math.max(1, Math.ceil(ms / 1000))} seconds.`;

// Password checks are counted before the password is checked, so that parallel guesses cannot
// all slip in: per address against spraying many accounts; per account and address against one
// client guessing; per account against a botnet, a doubling delay after FREE_ACCOUNT_FAILURES
// (about as many guesses an hour as one client gets). A delay, never a lock, and none for a
// known device (OWASP's device cookie) or address. A refused attempt still costs its address a
// per-account attempt, so that no one address can sit on the account taking every free turn.
const perAccountAndIp = createLimiter({ keyPrefix: "login-account-ip", points: 10, durationSeconds: 15 * 60 });
const perIp = createLimiter({ keyPrefix: "login-ip", points: 100, durationSeconds: 15 * 60 });
const perAccount = createLimiter({ keyPrefix: "login-account", points: 1_000_000, durationSeconds: 60 * 60 });
const accountTurn = createLimiter({ keyPrefix: "login-account-turn", points: 1, durationSeconds: 1 });
export const FREE_ACCOUNT_FAILURES = 10;
const MAX_ACCOUNT_DELAY_S = 180;

export const accountDelaySeconds = (failures: number) =>
  failures <= FREE_ACCOUNT_FAILURES ? 0 : Math.min(2 ** (failures - FREE_ACCOUNT_FAILURES - 1), MAX_ACCOUNT_DELAY_S);

export type PasswordAttempt =
  | { ok: true; /** Records the outcome: a success clears the account's counts. */ settle(succeeded: boolean): Promise<void> }
  | { ok: false; message: string };

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

// Each sign-up costs an argon2 hash, and without email verification its answer tells whether an
// email has an account: the installation-wide limit bounds that, from however many addresses.
const signupsPerIp = createLimiter({ keyPrefix: "signup-ip", points: env().SIGNUPS_PER_IP_PER_HOUR, durationSeconds: 60 * 60 });
const signupsPerEmail = createLimiter({ keyPrefix: "signup-email", points: 5, durationSeconds: 60 * 60 });
const signupsOverall = createLimiter({ keyPrefix: "signup-all", points: env().SIGNUPS_PER_HOUR, durationSeconds: 60 * 60 });
export const SIGNUP_THROTTLED_MESSAGE = "Too many sign-up attempts. Wait an hour, then try again.";

export async function allowSignup(email: string, meta: RequestMeta): Promise<boolean> {
  const address = addressKey(meta.ip);
  if ((await signupsPerIp.blockedFor(address)) || (await signupsPerEmail.blockedFor(email)) || (await signupsOverall.blockedFor("all")))
    return false;
  const over = await Promise.all([signupsPerIp.consume(address), signupsPerEmail.consume(email), signupsOverall.consume("all")]);
  return over.every((wait) => wait === 0);
}

// Each reset link is an email to someone who may not have asked. Counted per email whether it
// has an account or not, so the limit says nothing about it.
const resetsPerIp = createLimiter({ keyPrefix: "reset-ip", points: 10, durationSeconds: 60 * 60 });
const resetsPerEmail = createLimiter({ keyPrefix: "reset-email", points: 3, durationSeconds: 60 * 60 });
export const RESET_THROTTLED_MESSAGE = "Too many reset links asked for. Wait an hour, then try again.";

export async function allowResetRequest(email: string, meta: RequestMeta): Promise<boolean> {
  const address = addressKey(meta.ip);
  if ((await resetsPerIp.blockedFor(address)) || (await resetsPerEmail.blockedFor(email))) return false;
  const over = await Promise.all([resetsPerIp.consume(address), resetsPerEmail.consume(email)]);
  return over.every((wait) => wait === 0);
}

export type Authentication = { ok: true; user: SessionUser } | { ok: false; message: string };

export async function authenticate(credentials: { email: string; password: string }, meta: RequestMeta): Promise<Authentication> {
  const attempt = await admitPasswordAttempt(credentials.email, meta);
  if (!attempt.ok) return attempt;
  const user = await verifyCredentials(credentials.email, credentials.password, meta);
  await attempt.settle(user !== null);
  if (!user) return { ok: false, message: LOGIN_FAILED_MESSAGE };
  await rememberDevice(user.email);
  return { ok: true, user };
}

// The device cookie skips the account's slowdown, nothing more: the password is still checked,
// and a keyed hash of the email makes it worth nothing for another account.
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

// __Host-: sent only over TLS, only to this host.
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

export async function readSessionCookie(): Promise<SessionClaim | null> {
  const raw = (await cookies()).get(sessionCookie().name)?.value;
  if (!raw) return null;
  const token = await decode({ token: raw, secret: secrets().authSecret }).catch(() => null);
  if (!token || typeof token.sub !== "string" || typeof token.sid !== "string" || typeof token.sv !== "number") return null;
  return { userId: token.sub, sessionId: token.sid, sessionVersion: token.sv };
}
