"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { startSession } from "@/lib/dal/sessions";
import { TemporaryPasswordExpired } from "@/lib/dal/temporary-passwords";
import { hasSecondFactor, pendingSignInUser } from "@/lib/dal/two-factor";
import { AccountDisabled } from "@/lib/dal/users";
import type { ActionResult } from "@/lib/model";
import { formAction, publicAction } from "@/lib/auth/action";
import { passwordsOff, ssoName } from "@/lib/auth/sso";
import { SSO_WORDS } from "../words";
import { authenticate, setSessionCookie } from "@/lib/auth/sign-in";
import { safeReturnTo } from "@/lib/auth/session";
import { clearPendingSignIn, readPendingSignIn, setPendingSignIn, spendPendingSignIn, verifySecondFactorCode } from "@/lib/auth/two-factor";
import { loginSchema } from "@/lib/validation/auth";
import { secondFactorCodeSchema } from "@/lib/validation/two-factor";
import { TWO_FACTOR_LOGIN_WORDS } from "./two-factor/words";

/**
 * Login: the form posts here, with or without the page's JavaScript. Success starts a session
 * and goes back where the user was; an account with a second factor goes on to its step first.
 */
export const loginAction = formAction(
  publicAction({
    schema: loginSchema.extend({ callbackUrl: z.string().optional() }),
    async run({ input, meta }): Promise<ActionResult> {
      if (passwordsOff()) return { ok: false, message: SSO_WORDS.passwordsOff(ssoName()) };
      const result = await authenticate(input, meta).catch((error: unknown) => {
        if (error instanceof TemporaryPasswordExpired || error instanceof AccountDisabled)
          return { ok: false as const, message: error.message };
        throw error;
      });
      if (!result.ok) return { ok: false, message: result.message };
      const returnTo = safeReturnTo(input.callbackUrl);
      // The password alone starts no session here: only the second step does.
      if (await hasSecondFactor(result.user.id)) {
        await setPendingSignIn(result.user, returnTo);
        redirect("/login/two-factor");
      }
      await setSessionCookie(await startSession(result.user, meta));
      redirect(returnTo);
    },
  }),
  ["email"],
);

/** The second step: needs the pending cookie a correct password set; a correct code starts the session. */
export const secondFactorAction = formAction(
  publicAction({
    schema: secondFactorCodeSchema,
    async run({ input, meta }): Promise<ActionResult> {
      const pending = await readPendingSignIn();
      const user = pending ? await pendingSignInUser(pending.userId, pending.sessionVersion) : null;
      if (!pending || !user) return { ok: false, message: TWO_FACTOR_LOGIN_WORDS.expired };
      const check = await verifySecondFactorCode(user, input.code, meta);
      if (!check.ok) return { ok: false, message: check.message };
      if (!(await spendPendingSignIn(pending))) return { ok: false, message: TWO_FACTOR_LOGIN_WORDS.expired };
      await clearPendingSignIn();
      await setSessionCookie(await startSession(user, meta));
      redirect(safeReturnTo(pending.returnTo));
    },
  }),
);
