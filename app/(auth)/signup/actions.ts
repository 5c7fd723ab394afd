"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { startSession } from "@/lib/dal/sessions";
import { createUser } from "@/lib/dal/users";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { formAction, publicAction } from "@/lib/server/action";
import { allowSignup, setSessionCookie, SIGNUP_THROTTLED_MESSAGE } from "@/lib/server/auth";
import { env } from "@/lib/server/config.mjs";
import { safeReturnTo } from "@/lib/server/session";
import { signupSchema } from "@/lib/validation/auth";

/** Sign-up: creates the account, then starts its first session. Throttled per address and per email. */
export const signupAction = formAction(
  publicAction({
    schema: signupSchema.extend({ callbackUrl: z.string().optional() }),
    async run({ input, meta }): Promise<ActionResult> {
      if (env().SIGNUP === "closed") return { ok: false, message: MESSAGES.signupClosed };
      if (!(await allowSignup(input.email, meta))) return { ok: false, message: SIGNUP_THROTTLED_MESSAGE };
      const result = await createUser(input, meta);
      if (!result.ok) {
        return {
          ok: false,
          message: "We could not create an account with this email. If you already have one, log in instead.",
          fieldErrors: { email: ["We could not create an account with this email."] },
        };
      }
      await setSessionCookie(await startSession(result.user, meta));
      redirect(safeReturnTo(input.callbackUrl));
    },
  }),
  ["name", "email"],
);
