import { generate } from "otplib";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { loginAction, secondFactorAction } from "@/app/(auth)/login/actions";
import { startTotpSetup } from "@/app/(dashboard)/account/two-factor/actions";
import { changePasswordAction } from "@/app/(dashboard)/account/actions";
import { resetPasswordAction } from "@/app/(auth)/reset-password/actions";
import { createPasswordReset } from "@/lib/dal/password-resets";
import { getCurrentUser } from "@/lib/auth/session";
import { SECOND_FACTOR_THROTTLED_MESSAGE, sealPendingSignIn, verifySecondFactorCode } from "@/lib/auth/two-factor";
import { beginTotp, confirmTotp } from "@/lib/dal/two-factor";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { makeUser, TEST_META } from "@/test/fixtures";
import { cookieJar, formData, fromClient, settle } from "@/test/next-request";
import { TWO_FACTOR_LOGIN_WORDS } from "@/app/(auth)/login/two-factor/words";

const PENDING = "token-console.second-factor";
const login = (fields: Record<string, string>) => settle(() => loginAction(null, formData(fields)));
const second = (code: string) => settle(() => secondFactorAction(null, formData({ code })));
const expired = { returned: { ok: false, message: TWO_FACTOR_LOGIN_WORDS.expired } };
// Codes for the steps after the enrolment's: each code is accepted once.
const codeIn = (secret: string, steps: number) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

let n = 0;
async function enrolledUser() {
  const email = `second-${++n}-${Date.now()}@example.test`;
  const user = await makeUser({ email, password: "correct horse battery" });
  const enrolment = await beginTotp(user);
  const codes = await confirmTotp(user, await codeIn(enrolment!.secret, -1), TEST_META);
  return { user, email, secret: enrolment!.secret, codes: codes! };
}

describe("sign-in with a second factor", () => {
  it("a correct password starts no session; the code does, once, and the pending cookie is spent", async () => {
    const { email, secret } = await enrolledUser();
    fromClient("10.9.0.1");
    cookieJar.clear();
    expect(await login({ email, password: "correct horse battery", callbackUrl: "/api-docs" })).toEqual({
      redirectedTo: "/login/two-factor",
    });
    expect(await getCurrentUser()).toBeNull();
    expect(cookieJar.get(PENDING)).toBeDefined();
    const pending = cookieJar.snapshot();
    expect(await second("000000")).toMatchObject({ returned: { ok: false } });
    expect(await second(await codeIn(secret, 0))).toEqual({ redirectedTo: "/api-docs" });
    expect(await getCurrentUser()).toMatchObject({ email });
    expect(cookieJar.get(PENDING)).toBeUndefined();
    // A copy of the spent pending cookie, with a fresh code: refused.
    cookieJar.restore(pending);
    expect(await second(await codeIn(secret, 1))).toMatchObject(expired);
  });

  it("the second step refuses without the pending cookie, with a forged or expired one, and after a password change", async () => {
    const { user, email, secret } = await enrolledUser();
    fromClient("10.9.0.2");
    cookieJar.clear();
    expect(await second(await codeIn(secret, 0))).toMatchObject(expired);
    cookieJar.restore(new Map([[PENDING, { name: PENDING, value: "forged.value.here" }]]));
    expect(await second(await codeIn(secret, 0))).toMatchObject(expired);
    const old = sealPendingSignIn(user, "/api-tokens", Date.now() - 6 * 60 * 1000);
    cookieJar.restore(new Map([[PENDING, { name: PENDING, value: old }]]));
    expect(await second(await codeIn(secret, 0))).toMatchObject(expired);
    // The session version it names is gone (a password change, an admin's reset): refused.
    cookieJar.clear();
    await login({ email, password: "correct horse battery" });
    await db.user.update({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
    expect(await second(await codeIn(secret, 0))).toMatchObject(expired);
    expect(await getCurrentUser()).toBeNull();
  });

  it("the pending cookie opens no page and no action", async () => {
    const { email } = await enrolledUser();
    fromClient("10.9.0.3");
    cookieJar.clear();
    await login({ email, password: "correct horse battery" });
    expect(await getCurrentUser()).toBeNull();
    expect(await startTotpSetup({})).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    const changed = await settle(() =>
      changePasswordAction(null, formData({ currentPassword: "x", newPassword: "y".repeat(12), confirmPassword: "y".repeat(12) })),
    );
    expect(changed).toMatchObject({ returned: { ok: false, message: MESSAGES.sessionEnded } });
  });

  it("a password reset by email keeps the second factor: it signs in no further than the code step", async () => {
    const { email, secret } = await enrolledUser();
    fromClient("10.9.0.6");
    cookieJar.clear();
    const link = await createPasswordReset(email, TEST_META);
    const fresh = "a brand new passphrase";
    const reset = await settle(() =>
      resetPasswordAction(null, formData({ token: link!.token, newPassword: fresh, confirmPassword: fresh })),
    );
    expect(reset).toEqual({ redirectedTo: "/login/two-factor" });
    expect(await getCurrentUser()).toBeNull();
    expect(await second(await codeIn(secret, 0))).toEqual({ redirectedTo: "/account?reset=done" });
    cookieJar.clear();
    expect(await login({ email, password: fresh })).toEqual({ redirectedTo: "/login/two-factor" });
    expect(await getCurrentUser()).toBeNull();
  });

  it("a recovery code signs in once", async () => {
    const { email, codes } = await enrolledUser();
    fromClient("10.9.0.4");
    cookieJar.clear();
    await login({ email, password: "correct horse battery" });
    expect(await second(codes[0]!)).toEqual({ redirectedTo: "/api-tokens" });
    cookieJar.clear();
    await login({ email, password: "correct horse battery" });
    expect(await second(codes[0]!)).toMatchObject({ returned: { ok: false } });
    expect(await getCurrentUser()).toBeNull();
  });

  it("throttles an account after 5 wrong codes, even a right one then; failures are audited", async () => {
    const { user, secret } = await enrolledUser();
    for (let i = 0; i < 5; i++)
      expect(await verifySecondFactorCode(user, "000000", { ...TEST_META, ip: `10.8.0.${i}` })).toMatchObject({ ok: false });
    expect(await verifySecondFactorCode(user, await codeIn(secret, 0), { ...TEST_META, ip: "10.8.1.1" })).toEqual({
      ok: false,
      message: SECOND_FACTOR_THROTTLED_MESSAGE,
    });
    expect(await db.auditEvent.count({ where: { action: "user.two_factor_failed", actorUserId: user.id } })).toBe(5);
  });
});

describe("policy require two-factor", () => {
  it("refuses other actions to an account without a second factor, leaves setup open", async () => {
    const user = await makeUser({ email: `policy-${Date.now()}@example.test`, password: "correct horse battery" });
    await db.policy.upsert({
      where: { id: "installation" },
      create: { id: "installation", defaultLifetimeDays: 30, requireTwoFactor: true },
      update: { requireTwoFactor: true },
    });
    try {
      fromClient("10.9.0.5");
      cookieJar.clear();
      expect(await login({ email: user.email, password: "correct horse battery" })).toEqual({ redirectedTo: "/api-tokens" });
      const changed = await settle(() =>
        changePasswordAction(null, formData({ currentPassword: "x", newPassword: "y".repeat(12), confirmPassword: "y".repeat(12) })),
      );
      expect(changed).toMatchObject({ returned: { ok: false, message: MESSAGES.twoFactorRequired } });
      expect(await startTotpSetup({})).toMatchObject({ ok: true });
    } finally {
      await db.policy.update({ where: { id: "installation" }, data: { requireTwoFactor: false } });
    }
  });
});
