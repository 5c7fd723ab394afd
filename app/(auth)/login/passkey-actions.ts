"use server";

import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { startSession } from "@/lib/dal/sessions";
import { passkeyUser, pendingSignInUser, recordPasskeySignIn } from "@/lib/dal/two-factor";
import type { ActionResult } from "@/lib/model";
import { publicAction } from "@/lib/auth/action";
import { passkeyAuthenticationOptions, verifyPasskeyAuthentication } from "@/lib/auth/passkeys";
import { setSessionCookie } from "@/lib/auth/sign-in";
import { safeReturnTo } from "@/lib/auth/session";
import { passwordsOff } from "@/lib/auth/sso";
import { clearPendingSignIn, noteSecondFactorFailure, readPendingSignIn, spendPendingSignIn } from "@/lib/auth/two-factor";
import { passkeyResponseSchema, passkeySignInSchema } from "@/lib/validation/two-factor";
import { TWO_FACTOR_LOGIN_WORDS as WORDS } from "./two-factor/words";

// A passkey at sign-in: as the second step after a password (needs the pending cookie), or on
// its own (a discoverable credential: the passkey names its account and proves its user).

const PASSKEY_FAILED = "That passkey was not accepted. Try again, or log in with your password.";

export const passkeySecondFactorOptions = publicAction({
  schema: z.object({}),
  async run(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
    const pending = await readPendingSignIn();
    if (!pending) return { ok: false, message: WORDS.expired };
    return { ok: true, data: await passkeyAuthenticationOptions(pending.userId) };
  },
});

export const passkeySecondFactor = publicAction({
  schema: passkeyResponseSchema,
  async run({ input, meta }): Promise<ActionResult> {
    const pending = await readPendingSignIn();
    const user = pending ? await pendingSignInUser(pending.userId, pending.sessionVersion) : null;
    if (!pending || !user) return { ok: false, message: WORDS.expired };
    const proved = await verifyPasskeyAuthentication(input.response as unknown as AuthenticationResponseJSON, user.id);
    if (proved !== user.id) {
      await noteSecondFactorFailure(user, "passkey", meta);
      return { ok: false, message: WORDS.passkeyFailed };
    }
    if (!(await spendPendingSignIn(pending))) return { ok: false, message: WORDS.expired };
    await clearPendingSignIn();
    await setSessionCookie(await startSession(user, meta));
    redirect(safeReturnTo(pending.returnTo));
  },
});

export const passkeySignInOptions = publicAction({
  schema: z.object({}),
  async run(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
    if (passwordsOff()) return { ok: false, message: PASSKEY_FAILED };
    return { ok: true, data: await passkeyAuthenticationOptions(null) };
  },
});

export const passkeySignIn = publicAction({
  schema: passkeySignInSchema,
  async run({ input, meta }): Promise<ActionResult> {
    if (passwordsOff()) return { ok: false, message: PASSKEY_FAILED };
    const userId = await verifyPasskeyAuthentication(input.response as unknown as AuthenticationResponseJSON, null);
    const user = userId ? await passkeyUser(userId) : null;
    if (!user) return { ok: false, message: PASSKEY_FAILED };
    // Someone with a temporary password chooses their own first: that needs the password.
    if (user.mustChangePassword) return { ok: false, message: PASSKEY_FAILED };
    await recordPasskeySignIn(user, meta);
    await setSessionCookie(await startSession(user, meta));
    redirect(safeReturnTo(input.callbackUrl));
  },
});
