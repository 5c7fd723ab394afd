"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { startSession } from "@/lib/dal/sessions";
import { createUser, hasAccounts } from "@/lib/dal/users";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { formAction, publicAction } from "@/lib/server/action";
import { allowSignup, setSessionCookie, SIGNUP_THROTTLED_MESSAGE } from "@/lib/server/auth";
import { env } from "@/lib/server/config.mjs";
import { safeReturnTo } from "@/lib/server/session";
import { signupSchema } from "@/lib/validation/auth";

/**
 * Sign-up: creates the account, then starts its first session. Throttled per address and per
 * email. On a console without accounts it creates the admin, even with SIGNUP=closed (no one
 * could add anyone otherwise); that form, and any sign-up while closed, succeeds only as the
 * very first account, decided in the data layer under one lock.
 */
export const signupAction = formAction(
  publicAction({
    schema: signupSchema.extend({ callbackUrl: z.string().optional(), firstAccount: z.literal("1").optional() }),
    async run({ input, meta }): Promise<ActionResult> {
      const closed = env().SIGNUP === "closed";
      if (closed && (await hasAccounts())) return { ok: false, message: MESSAGES.signupClosed };
      if (!(await allowSignup(input.email, meta))) return { ok: false, message: SIGNUP_THROTTLED_MESSAGE };
      const result = await createUser(input, meta, { onlyFirst: closed || input.firstAccount === "1" });
      if (!result.ok && result.reason === "not_first")
        return { ok: false, message: closed ? MESSAGES.signupClosed : MESSAGES.adminAccountTaken };
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
