import "server-only";
import crypto from "node:crypto";
import { cookies } from "next/headers";
import type { SessionUser } from "@/lib/dal/access";
import type { RequestMeta } from "@/lib/server/request-context";
import { checkTotpCode, looksLikeRecoveryCode, recordSecondFactorFailure, spendRecoveryCode } from "@/lib/dal/two-factor";
import { env } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { addressKey, createLimiter } from "@/lib/server/rate-limit";
import { seal, unseal } from "@/lib/server/sealed";

// The second step of a sign-in, and the check the sudo dialog reuses. A six-digit code has a
// million values: each account gets 5 wrong ones per 15 minutes (from anywhere), each address
// 30, counted before the code is checked so that parallel guesses cannot all slip in.

export const SECOND_FACTOR_FAILED_MESSAGE = "That code is not right, or it was already used.";
export const SECOND_FACTOR_THROTTLED_MESSAGE = "Too many wrong codes. Wait 15 minutes, then try again.";
export const SECOND_FACTOR_FAILURES = 5;

const perAccount = createLimiter({ keyPrefix: "2fa-account", points: SECOND_FACTOR_FAILURES, durationSeconds: 15 * 60 });
const perIp = createLimiter({ keyPrefix: "2fa-ip", points: 30, durationSeconds: 15 * 60 });

export type SecondFactorCheck = { ok: true; method: "totp" | "recovery_code" } | { ok: false; message: string };

/**
 * An authenticator code (accepted once, one step of clock drift either side) or an unused
 * recovery code (then used up). Throttled per account and address; refusals are audited.
 */
export async function verifySecondFactorCode(
  user: Pick<SessionUser, "id" | "email">,
  code: string,
  meta: RequestMeta,
): Promise<SecondFactorCheck> {
  const address = addressKey(meta.ip);
  if ((await perAccount.blockedFor(user.id)) || (await perIp.blockedFor(address))) {
    log.warn("two_factor.throttled", { ip: meta.ip });
    return { ok: false, message: SECOND_FACTOR_THROTTLED_MESSAGE };
  }
  const [overAccount, overIp] = await Promise.all([perAccount.consume(user.id), perIp.consume(address)]);
  if (overAccount || overIp) return { ok: false, message: SECOND_FACTOR_THROTTLED_MESSAGE };
  const trimmed = code.trim();
  const method = looksLikeRecoveryCode(trimmed) ? "recovery_code" : "totp";
  const passed = method === "totp" ? await checkTotpCode(user.id, trimmed) : await spendRecoveryCode(user.id, trimmed);
  if (!passed) {
    await recordSecondFactorFailure(user, method === "totp" ? "authenticator code" : "recovery code", meta);
    return { ok: false, message: SECOND_FACTOR_FAILED_MESSAGE };
  }
  await Promise.all([perAccount.refund(user.id), perIp.refund(address)]);
  return { ok: true, method };
}

/** After a wrong passkey: counted and audited like a wrong code. */
export async function noteSecondFactorFailure(user: Pick<SessionUser, "id" | "email">, detail: string, meta: RequestMeta): Promise<void> {
  await Promise.all([perAccount.consume(user.id), perIp.consume(addressKey(meta.ip))]);
  await recordSecondFactorFailure(user, detail, meta);
}

// --- The pending sign-in: a correct password, the second factor still to come ---------------
// Sealed (AES-256-GCM, its own key), five minutes, naming the user and their session version (a
// password change or an admin's reset in between ends it). It opens no page and no action: only
// the login's second step reads it, and a success spends it (its nonce), so it works once.

const PENDING_PURPOSE = "second-factor-pending";
export const PENDING_MAX_AGE_S = 5 * 60;
const spent = createLimiter({ keyPrefix: "2fa-pending-spent", points: 1, durationSeconds: PENDING_MAX_AGE_S });

export type PendingSignIn = { userId: string; sessionVersion: number; nonce: string; returnTo: string };

const pendingCookie = () => {
  const secure = env().PUBLIC_URL?.startsWith("https:") ?? false;
  return { name: secure ? "__Host-token-console.second-factor" : "token-console.second-factor", secure };
};

export function sealPendingSignIn(user: Pick<SessionUser, "id" | "sessionVersion">, returnTo: string, now = Date.now()): string {
  const payload = {
    u: user.id,
    v: user.sessionVersion,
    n: crypto.randomBytes(16).toString("base64url"),
    r: returnTo,
    e: now + PENDING_MAX_AGE_S * 1000,
  };
  return seal(PENDING_PURPOSE, JSON.stringify(payload));
}

export function openPendingSignIn(value: string | undefined, now = Date.now()): PendingSignIn | null {
  const opened = value ? unseal(PENDING_PURPOSE, value) : null;
  if (!opened) return null;
  const payload = JSON.parse(opened) as { u: string; v: number; n: string; r: string; e: number };
  if (typeof payload.e !== "number" || payload.e <= now) return null;
  return { userId: payload.u, sessionVersion: payload.v, nonce: payload.n, returnTo: payload.r };
}

export async function setPendingSignIn(user: Pick<SessionUser, "id" | "sessionVersion">, returnTo: string): Promise<void> {
  const { name, secure } = pendingCookie();
  (await cookies()).set(name, sealPendingSignIn(user, returnTo), {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/login",
    maxAge: PENDING_MAX_AGE_S,
  });
}

export async function readPendingSignIn(): Promise<PendingSignIn | null> {
  return openPendingSignIn((await cookies()).get(pendingCookie().name)?.value);
}

/** Spends a pending sign-in: true for the first caller only. */
export async function spendPendingSignIn(pending: PendingSignIn): Promise<boolean> {
  return (await spent.consume(pending.nonce)) === 0;
}

export async function clearPendingSignIn(): Promise<void> {
  const { name, secure } = pendingCookie();
  (await cookies()).set(name, "", { httpOnly: true, secure, sameSite: "lax", path: "/login", maxAge: 0 });
}
