"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { startSession } from "@/lib/dal/sessions";
import { createUser } from "@/lib/dal/users";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { formAction, publicAction } from "@/lib/auth/action";
import { passwordsOff, ssoName } from "@/lib/auth/sso";
import { SSO_WORDS } from "../words";
import { allowSignup, setSessionCookie, SIGNUP_THROTTLED_MESSAGE } from "@/lib/auth/sign-in";
import { env } from "@/lib/server/config.mjs";
import { safeReturnTo } from "@/lib/auth/session";
import { signupSchema } from "@/lib/validation/auth";

/**
 * Sign-up: creates the account, then starts its first session. Throttled per address and per
 * email. On a console without accounts it creates the admin; that form succeeds only as the
 * very first account, decided in the data layer under one lock. With SIGNUP=closed nothing is
 * created here, not even the first account: an operator who closed sign-up does not expect
 * whoever reaches a fresh console first to own it. The admin is made on the server
 * (`npm run admin -- create <email> --admin`), as the page says.
 */
export const signupAction = formAction(
  publicAction({
    schema: signupSchema.extend({ callbackUrl: z.string().optional(), firstAccount: z.literal("1").optional() }),
    async run({ input, meta }): Promise<ActionResult> {
      if (passwordsOff()) return { ok: false, message: SSO_WORDS.passwordsOff(ssoName()) };
      if (env().SIGNUP === "closed") return { ok: false, message: MESSAGES.signupClosed };
      if (!(await allowSignup(input.email, meta))) return { ok: false, message: SIGNUP_THROTTLED_MESSAGE };
      const result = await createUser(input, meta, { onlyFirst: input.firstAccount === "1" });
      if (!result.ok && result.reason === "not_first") return { ok: false, message: MESSAGES.adminAccountTaken };
      if (!result.ok) {
        return {
          ok: false,
          message: "We could not create an account with this email. If you already have one, go to Login instead.",
          fieldErrors: { email: ["We could not create an account with this email."] },
        };
      }
      await setSessionCookie(await startSession(result.user, meta));
      redirect(safeReturnTo(input.callbackUrl));
    },
  }),
  ["name", "email"],
);
