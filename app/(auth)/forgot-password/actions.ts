"use server";

import type { ActionResult } from "@/lib/model";
import { formAction, publicAction } from "@/lib/auth/action";
import { allowResetRequest, RESET_THROTTLED_MESSAGE } from "@/lib/auth/sign-in";
import { resetByEmail, sendResetLinkLater } from "@/lib/auth/password-reset";
import { forgotPasswordSchema } from "@/lib/validation/auth";
import { FORGOT_PASSWORD_WORDS, SSO_WORDS } from "../words";
import { passwordsOff, ssoName } from "@/lib/auth/sso";

/**
 * "Forgot password?": the same answer whether the email has an account or not, given before
 * anything about it is looked up; the link is made and sent after (lib/auth/password-reset.ts).
 */
export const forgotPasswordAction = formAction(
  publicAction({
    schema: forgotPasswordSchema,
    async run({ input, meta }): Promise<ActionResult> {
      if (passwordsOff()) return { ok: false, message: SSO_WORDS.passwordsOff(ssoName()) };
      if (!resetByEmail()) return { ok: false, message: FORGOT_PASSWORD_WORDS.askAnAdmin };
      if (!(await allowResetRequest(input.email, meta))) return { ok: false, message: RESET_THROTTLED_MESSAGE };
      sendResetLinkLater(input.email, meta);
      return { ok: true, data: undefined };
    },
  }),
  ["email"],
);
