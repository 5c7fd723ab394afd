"use server";

import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { userAction } from "@/lib/auth/action";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/auth/passkeys";
import { admitPasswordAttempt } from "@/lib/auth/sign-in";
import { verifySecondFactorCode } from "@/lib/auth/two-factor";
import { removePasskey, renamePasskey } from "@/lib/dal/passkeys";
import { isOwnPassword } from "@/lib/dal/reauthentication";
import { beginTotp, confirmTotp, regenerateRecoveryCodes, removeTotp, type TotpEnrolment } from "@/lib/dal/two-factor";
import {
  passkeyIdSchema,
  passkeyNameSchema,
  passkeyRegistrationSchema,
  removeTotpSchema,
  confirmTotpSchema,
} from "@/lib/validation/two-factor";
import { TWO_FACTOR_WORDS as WORDS } from "./words";

// Setting up a factor stays open while policy "require two-factor" waits for one
// (twoFactorSetup); every action acts on the signed-in user's own factors only.

const PATH = "/account/two-factor";

export const startTotpSetup = userAction({
  // Sudo mode: a stolen session must not put its own authenticator app on the account.
  sudo: true,
  schema: z.object({}),
  twoFactorSetup: "allowed",
  async run({ user }) {
    const enrolment: TotpEnrolment | null = await beginTotp(user);
    return enrolment ? { ok: true, data: enrolment } : { ok: false, message: WORDS.appOn(0) };
  },
});

export const confirmTotpSetup = userAction({
  schema: confirmTotpSchema,
  twoFactorSetup: "allowed",
  async run({ user, input, meta }) {
    const codes = await confirmTotp(user, input.code, meta);
    if (!codes) return { ok: false, message: WORDS.wrongCode, fieldErrors: { code: [WORDS.wrongCode] } };
    revalidatePath(PATH);
    return { ok: true, data: { codes } };
  },
});

export const regenerateCodes = userAction({
  // Sudo mode: new codes are shown, and would open the account to whoever reads them.
  sudo: true,
  schema: z.object({}),
  async run({ user, meta }) {
    const codes = await regenerateRecoveryCodes(user, meta);
    return codes ? { ok: true, data: { codes } } : { ok: false, message: WORDS.appOff };
  },
});

/** Removing the app needs the password (throttled as a sign-in) or a code (throttled as a second factor). */
export const removeTotpAction = userAction({
  schema: removeTotpSchema,
  async run({ user, input, meta }) {
    let proved = false;
    if (input.password) {
      const attempt = await admitPasswordAttempt(user.email, meta);
      if (!attempt.ok) return { ok: false, message: attempt.message };
      proved = await isOwnPassword(user.id, input.password);
      await attempt.settle(proved);
    } else if (input.code) {
      const check = await verifySecondFactorCode(user, input.code, meta);
      if (!check.ok) return { ok: false, message: check.message };
      proved = true;
    } else return { ok: false, message: WORDS.removeNeedsOne };
    if (!proved) return { ok: false, message: WORDS.removeRefused };
    await removeTotp(user, meta);
    revalidatePath(PATH);
    return { ok: true, data: undefined };
  },
});

export const passkeyOptions = userAction({
  // Sudo mode: a passkey signs in alone; a stolen session must not add one of its own. Adding needs this challenge.
  sudo: true,
  schema: z.object({}),
  twoFactorSetup: "allowed",
  async run({ user }): Promise<{ ok: true; data: PublicKeyCredentialCreationOptionsJSON }> {
    return { ok: true, data: await passkeyRegistrationOptions(user) };
  },
});

export const addPasskeyAction = userAction({
  schema: passkeyRegistrationSchema,
  twoFactorSetup: "allowed",
  async run({ user, input, meta }) {
    const added = await registerPasskey(user, input.response as unknown as RegistrationResponseJSON, input.name, meta);
    if (added !== "added")
      return {
        ok: false,
        message: added === "taken" ? WORDS.passkeyTaken : added === "too_many" ? WORDS.tooManyPasskeys : WORDS.passkeyRefused,
      };
    revalidatePath(PATH);
    return { ok: true, data: undefined };
  },
});

export const renamePasskeyAction = userAction({
  schema: passkeyIdSchema.extend(passkeyNameSchema.shape),
  async run({ user, input }) {
    if (!(await renamePasskey(user, input.id, input.name))) return { ok: false, message: WORDS.notFound };
    revalidatePath(PATH);
    return { ok: true, data: undefined };
  },
});

export const removePasskeyAction = userAction({
  // Sudo mode: removing a factor weakens the account.
  sudo: true,
  schema: passkeyIdSchema,
  async run({ user, input, meta }) {
    if (!(await removePasskey(user, input.id, meta))) return { ok: false, message: WORDS.notFound };
    revalidatePath(PATH);
    return { ok: true, data: undefined };
  },
});
