import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import {
  beginTotp,
  checkTotpCode,
  confirmTotp,
  hasSecondFactor,
  regenerateRecoveryCodes,
  removeTotp,
  resetSecondFactors,
  secondFactors,
  spendRecoveryCode,
  TOTP_PERIOD_S,
} from "@/lib/dal/two-factor";
import { addPasskey } from "@/lib/dal/passkeys";
import { findSessionUser, startSession } from "@/lib/dal/sessions";
import { NotAuthorized } from "@/lib/dal/access";
import { db } from "@/lib/server/db";
import { everyStoredValue, makeAdmin, makeUser, TEST_META } from "@/test/fixtures";

const STEP_MS = TOTP_PERIOD_S * 1000;
// The middle of a step, so that ±1 step is exactly one code either side.
const T0 = Math.floor(Date.now() / STEP_MS) * STEP_MS + STEP_MS / 2;
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

async function enrolled() {
  const user = await makeUser();
  const enrolment = await beginTotp(user);
  if (!enrolment) throw new Error("enrolment refused");
  const codes = await confirmTotp(user, await codeAt(enrolment.secret, T0), TEST_META, T0);
  if (!codes) throw new Error("confirmation refused");
  return { user, secret: enrolment.secret, codes };
}

describe("authenticator app (TOTP)", () => {
  it("enrols with a first code, then counts as a second factor, with ten recovery codes", async () => {
    const user = await makeUser();
    expect(await hasSecondFactor(user.id)).toBe(false);
    const enrolment = await beginTotp(user);
    expect(enrolment?.uri).toMatch(/^otpauth:\/\/totp\/Token%20Console:/);
    // Begun, not confirmed: not yet a factor, and a code does not sign in with it.
    expect(await hasSecondFactor(user.id)).toBe(false);
    expect(await checkTotpCode(user.id, await codeAt(enrolment!.secret, T0), T0)).toBe(false);
    expect(await confirmTotp(user, "000000", TEST_META, T0)).toBeNull();
    const codes = await confirmTotp(user, await codeAt(enrolment!.secret, T0), TEST_META, T0);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await secondFactors(user.id)).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: 10 });
    // A confirmed app is not replaced by beginning again.
    expect(await beginTotp(user)).toBeNull();
    expect((await db.auditEvent.findMany({ where: { actorUserId: user.id } })).map((e) => e.action)).toContain("user.two_factor_enabled");
  });

  it("stores the secret encrypted and the recovery codes only hashed", async () => {
    const { secret, codes } = await enrolled();
    const stored = (await everyStoredValue()).join("\n");
    expect(stored).not.toContain(secret);
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace("-", ""));
    }
  });

  it("refuses a wrong code, accepts ±1 step and no more, and never the same code twice", async () => {
    const { user, secret } = await enrolled();
    expect(await checkTotpCode(user.id, "123456", T0 + STEP_MS)).toBe(false);
    expect(await checkTotpCode(user.id, "12345", T0 + STEP_MS)).toBe(false);
    // Two steps ahead of the clock: refused; one ahead: accepted.
    expect(await checkTotpCode(user.id, await codeAt(secret, T0 + 3 * STEP_MS), T0 + STEP_MS)).toBe(false);
    expect(await checkTotpCode(user.id, await codeAt(secret, T0 + 2 * STEP_MS), T0 + STEP_MS)).toBe(true);
    // The code just used, within its window: a replay, refused; and so is an older one.
    expect(await checkTotpCode(user.id, await codeAt(secret, T0 + 2 * STEP_MS), T0 + 2 * STEP_MS)).toBe(false);
    expect(await checkTotpCode(user.id, await codeAt(secret, T0 + STEP_MS), T0 + 2 * STEP_MS)).toBe(false);
    // One step behind the clock: accepted (a slow phone), two behind: refused.
    expect(await checkTotpCode(user.id, await codeAt(secret, T0 + 3 * STEP_MS), T0 + 4 * STEP_MS)).toBe(true);
    expect(await checkTotpCode(user.id, await codeAt(secret, T0 + 4 * STEP_MS), T0 + 6 * STEP_MS)).toBe(false);
  });

  it("accepts one code once even when two requests race with it", async () => {
    const { user, secret } = await enrolled();
    const code = await codeAt(secret, T0 + STEP_MS);
    const results = await Promise.all([1, 2, 3].map(() => checkTotpCode(user.id, code, T0 + STEP_MS)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("takes each recovery code once; regenerating ends the old ones", async () => {
    const { user, codes } = await enrolled();
    const other = await enrolled();
    expect(await spendRecoveryCode(other.user.id, codes[0]!)).toBe(false); // another account's code
    expect(await spendRecoveryCode(user.id, codes[0]!.toUpperCase())).toBe(true);
    expect(await spendRecoveryCode(user.id, codes[0]!)).toBe(false);
    expect((await secondFactors(user.id)).recoveryCodesLeft).toBe(9);
    const fresh = await regenerateRecoveryCodes(user, TEST_META);
    expect(fresh).toHaveLength(10);
    expect(await spendRecoveryCode(user.id, codes[1]!)).toBe(false);
    expect(await spendRecoveryCode(user.id, fresh![0]!)).toBe(true);
  });

  it("removing the app removes its recovery codes; then no second factor is left", async () => {
    const { user, codes } = await enrolled();
    expect(await removeTotp(user, TEST_META)).toBe(true);
    expect(await hasSecondFactor(user.id)).toBe(false);
    expect(await spendRecoveryCode(user.id, codes[2]!)).toBe(false);
    expect(await removeTotp(user, TEST_META)).toBe(false);
  });
});

describe("admin reset", () => {
  it("removes every second factor and ends the user's sessions, audited; only an admin may", async () => {
    const { user } = await enrolled();
    await addPasskey(user, { id: "cred-1", name: "Laptop", publicKey: "AAAA", counter: 0, transports: [] }, TEST_META);
    const claim = await startSession(user, TEST_META);
    const member = await makeUser();
    await expect(resetSecondFactors(member, user.id, TEST_META)).rejects.toBeInstanceOf(NotAuthorized);
    expect(await hasSecondFactor(user.id)).toBe(true);
    const admin = await makeAdmin();
    expect(await resetSecondFactors(admin, user.id, TEST_META)).toBe(true);
    expect(await resetSecondFactors(admin, "no-such-user", TEST_META)).toBe(false);
    expect(await secondFactors(user.id)).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
    expect(await findSessionUser(claim)).toBeNull();
    const event = await db.auditEvent.findFirst({ where: { action: "user.two_factor_reset" } });
    expect(event).toMatchObject({ actorUserId: admin.id, targetOwnerEmail: user.email });
  });
});
