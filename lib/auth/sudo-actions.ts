"use server";

import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { userAction } from "@/lib/auth/action";
import { passkeyAuthenticationOptions, verifyPasskeyAuthentication } from "@/lib/auth/passkeys";
import { admitPasswordAttempt, readSessionCookie } from "@/lib/auth/sign-in";
import { noteSecondFactorFailure, verifySecondFactorCode } from "@/lib/auth/two-factor";
import { confirmWithPassword, markSessionAuthenticated } from "@/lib/dal/reauthentication";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { confirmIdentitySchema, SUDO_FIELD_WORDS } from "@/lib/validation/sudo";

// The sudo dialog's actions: a fresh authentication for this session. A password guess counts
// against the same limits as at sign-in (per address, per account), a code against the second
// factor's (5 per account per 15 minutes), so the dialog is no side door for guessing.
// Someone signed in with a temporary password changes it first, as everywhere.

const PASSKEY_REFUSED = "That passkey was not accepted. Try again, or use another way.";

// Open while policy "require two-factor" waits for a factor: setting one up needs sudo mode,
// and a session signed in long ago must be able to confirm it is still its owner's.
export const confirmIdentityAction = userAction({
  schema: confirmIdentitySchema,
  twoFactorSetup: "allowed",
  async run({ user, input, meta }): Promise<ActionResult> {
    const claim = await readSessionCookie();
    if (!claim) return { ok: false, message: MESSAGES.sessionEnded };
    if (input.method === "password") {
      const attempt = await admitPasswordAttempt(user.email, meta);
      if (!attempt.ok) return { ok: false, message: attempt.message };
      const confirmed = await confirmWithPassword(user, claim, input.password, meta);
      await attempt.settle(confirmed);
      if (!confirmed)
        return { ok: false, message: SUDO_FIELD_WORDS.wrongPassword, fieldErrors: { password: [SUDO_FIELD_WORDS.wrongPassword] } };
      return { ok: true, data: undefined };
    }
    if (input.method === "code") {
      const checked = await verifySecondFactorCode(user, input.code, meta);
      if (!checked.ok) return { ok: false, message: checked.message, fieldErrors: { code: [checked.message] } };
      const marked = await markSessionAuthenticated(user, claim, checked.method === "totp" ? "authenticator" : "recovery code", meta);
      return marked ? { ok: true, data: undefined } : { ok: false, message: MESSAGES.sessionEnded };
    }
    // The challenge was made for this user alone (passkeyOptionsForSudoAction), and is spent here.
    const proved = await verifyPasskeyAuthentication(input.response as unknown as AuthenticationResponseJSON, user.id);
    if (proved !== user.id) {
      await noteSecondFactorFailure(user, "passkey", meta);
      return { ok: false, message: PASSKEY_REFUSED };
    }
    const marked = await markSessionAuthenticated(user, claim, "passkey", meta);
    return marked ? { ok: true, data: undefined } : { ok: false, message: MESSAGES.sessionEnded };
  },
});

/** A passkey challenge for the signed-in user's own passkeys, for the sudo dialog. */
export const passkeyOptionsForSudoAction = userAction({
  schema: z.object({}),
  twoFactorSetup: "allowed",
  async run({ user }): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
    return { ok: true, data: await passkeyAuthenticationOptions(user.id) };
  },
});
