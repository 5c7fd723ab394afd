import "server-only";
import crypto from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import { assertAdmin, type SessionUser } from "@/lib/dal/access";
import { appendEvent, recordEvent } from "@/lib/dal/audit";
import { currentPolicy } from "@/lib/dal/policies";
import { sessionUserSelect } from "@/lib/dal/users";
import type { RequestMeta } from "@/lib/server/request-context";
import { db, retryWhileBusy, writeTransaction } from "@/lib/server/db";
import { seal, unseal } from "@/lib/server/sealed";

// An account's second factors: its authenticator app (TOTP, RFC 6238), its recovery codes and
// its passkeys. The TOTP secret is stored sealed (lib/server/sealed.ts); recovery codes only as
// their SHA-256. Throttling and audit of failures are lib/auth/two-factor.ts's.

const SEAL_PURPOSE = "totp-secret";
export const TOTP_PERIOD_S = 30;
export const RECOVERY_CODE_COUNT = 10;
export const TOTP_ISSUER = "Token Console";

const stepAt = (ms: number) => Math.floor(ms / 1000 / TOTP_PERIOD_S);

export type SecondFactors = { totp: boolean; passkeys: number; recoveryCodesLeft: number };

export async function secondFactors(userId: string): Promise<SecondFactors> {
  const [totp, passkeys, recoveryCodesLeft] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.passkey.count({ where: { userId } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totp: Boolean(totp?.confirmedAt), passkeys, recoveryCodesLeft };
}

export async function hasSecondFactor(userId: string): Promise<boolean> {
  const factors = await secondFactors(userId);
  return factors.totp || factors.passkeys > 0;
}

/** Policy "require two-factor" (admins set it on /admin/policies): the one policy read, lib/dal/policies.ts. */
export async function twoFactorRequired(): Promise<boolean> {
  return (await currentPolicy()).requireTwoFactor;
}

/** The account a pending sign-in names, while its session version still matches and it is not disabled. */
export async function pendingSignInUser(userId: string, sessionVersion: number): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { ...sessionUserSelect, disabledAt: true } });
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  const { disabledAt: _disabled, ...rest } = user;
  return rest;
}

/** The account a passkey proved for a passwordless sign-in, unless it is disabled or must change its password first. */
export async function passkeyUser(userId: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user ? pendingSignInUser(userId, user.sessionVersion) : null;
}

export type TotpEnrolment = { secret: string; uri: string };

/** Begins (or begins again) enrolment: a fresh secret, not yet accepted for sign-in. A confirmed app stays until removed. */
export async function beginTotp(user: SessionUser): Promise<TotpEnrolment | null> {
  const secret = generateSecret();
  const sealed = seal(SEAL_PURPOSE, secret);
  const begun = await retryWhileBusy(async () => {
    const current = await db.totpFactor.findUnique({ where: { userId: user.id }, select: { confirmedAt: true } });
    if (current?.confirmedAt) return false;
    await db.totpFactor.upsert({
      where: { userId: user.id },
      create: { userId: user.id, secret: sealed },
      update: { secret: sealed, createdAt: new Date(), lastStep: 0 },
    });
    return true;
  });
  if (!begun) return null;
  return { secret, uri: generateURI({ issuer: TOTP_ISSUER, label: user.email, secret }) };
}

/**
 * Checks a code with a window of one step either side, and takes its step: a code is accepted
 * once, so a replay (even within its window) or an older code is refused. The step is taken in
 * the write's own where clause, so two requests with one code cannot both pass.
 */
async function takeTotpStep(userId: string, code: string, confirmed: boolean, now: number): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const factor = await db.totpFactor.findUnique({ where: { userId }, select: { secret: true, confirmedAt: true, lastStep: true } });
  if (!factor || Boolean(factor.confirmedAt) !== confirmed) return false;
  const secret = unseal(SEAL_PURPOSE, factor.secret);
  if (!secret) return false;
  const result = await verify({ secret, token: code, epoch: Math.floor(now / 1000), epochTolerance: TOTP_PERIOD_S });
  if (!result.valid) return false;
  const step = stepAt(now) + result.delta;
  if (step <= factor.lastStep) return false;
  const taken = await retryWhileBusy(() =>
    db.totpFactor.updateMany({ where: { userId, lastStep: { lt: step }, secret: factor.secret }, data: { lastStep: step } }),
  );
  return taken.count === 1;
}

/** Finishes enrolment with a first code; returns the ten recovery codes, shown once. */
export async function confirmTotp(user: SessionUser, code: string, meta: RequestMeta, now = Date.now()): Promise<string[] | null> {
  if (!(await takeTotpStep(user.id, code, false, now))) return null;
  const codes = newRecoveryCodes();
  await writeTransaction(
    async (tx) => {
      await tx.totpFactor.update({ where: { userId: user.id }, data: { confirmedAt: new Date(now) } });
      await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
      await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })) });
      await appendEvent(tx, {
        action: "user.two_factor_enabled",
        actor: { userId: user.id, email: user.email },
        detail: "authenticator app",
        meta,
      });
    },
    { lock: ["user", user.id] },
  );
  return codes;
}

export async function checkTotpCode(userId: string, code: string, now = Date.now()): Promise<boolean> {
  return takeTotpStep(userId, code.replace(/\s/g, ""), true, now);
}

// 10 groups of 5 from an alphabet without look-alikes: 50 bits each, typed as xxxxx-xxxxx.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
function newRecoveryCodes(): string[] {
  const one = () => Array.from({ length: 10 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]).join("");
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const code = one();
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, "");
const hashRecoveryCode = (code: string) => crypto.createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");

export const looksLikeRecoveryCode = (code: string) => normaliseRecoveryCode(code).length === 10;

/** Uses up one recovery code: each works once. */
export async function spendRecoveryCode(userId: string, code: string, now = Date.now()): Promise<boolean> {
  if (!looksLikeRecoveryCode(code)) return false;
  const used = await retryWhileBusy(() =>
    db.recoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(code), usedAt: null }, data: { usedAt: new Date(now) } }),
  );
  return used.count === 1;
}

/** New recovery codes; the old ones stop working. Only with a confirmed authenticator app. */
export async function regenerateRecoveryCodes(user: SessionUser, meta: RequestMeta): Promise<string[] | null> {
  const codes = newRecoveryCodes();
  return writeTransaction(
    async (tx) => {
      const factor = await tx.totpFactor.findUnique({ where: { userId: user.id }, select: { confirmedAt: true } });
      if (!factor?.confirmedAt) return null;
      await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
      await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })) });
      await appendEvent(tx, { action: "user.recovery_codes_regenerated", actor: { userId: user.id, email: user.email }, meta });
      return codes;
    },
    { lock: ["user", user.id] },
  );
}

/** Removes the authenticator app and its recovery codes (the caller has checked the password or a code). */
export async function removeTotp(user: SessionUser, meta: RequestMeta): Promise<boolean> {
  return writeTransaction(
    async (tx) => {
      const removed = await tx.totpFactor.deleteMany({ where: { userId: user.id } });
      await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
      if (removed.count === 0) return false;
      await appendEvent(tx, {
        action: "user.two_factor_disabled",
        actor: { userId: user.id, email: user.email },
        detail: "authenticator app",
        meta,
      });
      return true;
    },
    { lock: ["user", user.id] },
  );
}

/** An installation admin resets another account's second factors: all go, and its sessions end. */
export async function resetSecondFactors(admin: SessionUser, subjectId: string, meta: RequestMeta): Promise<boolean> {
  assertAdmin(admin);
  return writeTransaction(
    async (tx) => {
      const subject = await tx.user.findUnique({ where: { id: subjectId }, select: { id: true, email: true } });
      if (!subject) return false;
      await tx.totpFactor.deleteMany({ where: { userId: subject.id } });
      await tx.recoveryCode.deleteMany({ where: { userId: subject.id } });
      await tx.passkey.deleteMany({ where: { userId: subject.id } });
      await tx.user.update({ where: { id: subject.id }, data: { sessionVersion: { increment: 1 } } });
      await tx.session.deleteMany({ where: { userId: subject.id } });
      await appendEvent(tx, { action: "user.two_factor_reset", actor: { userId: admin.id, email: admin.email }, subject, meta });
      return true;
    },
    { lock: ["user", subjectId] },
  );
}

/** The audit trail of a refused second factor (the caller throttles). */
export async function recordSecondFactorFailure(user: { id: string; email: string }, detail: string, meta: RequestMeta): Promise<void> {
  await retryWhileBusy(() =>
    appendEvent(db, { action: "user.two_factor_failed", actor: { userId: user.id, email: user.email }, subject: user, detail, meta }),
  );
}

export async function recordPasskeySignIn(user: { id: string; email: string }, meta: RequestMeta): Promise<void> {
  await recordEvent({ action: "user.login_succeeded", actor: { userId: user.id, email: user.email }, detail: "passkey", meta });
}
