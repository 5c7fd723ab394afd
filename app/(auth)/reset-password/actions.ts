"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { checkPasswordReset, completePasswordReset, type ResetRefusal } from "@/lib/dal/password-resets";
import { startSession } from "@/lib/dal/sessions";
import type { ActionResult } from "@/lib/model";
import { formAction, invalidInput, publicAction } from "@/lib/auth/action";
import { setSessionCookie } from "@/lib/auth/sign-in";
import { setPendingSignIn } from "@/lib/auth/two-factor";
import { hasSecondFactor } from "@/lib/dal/two-factor";
import { resetPasswordSchema, resetTokenSchema } from "@/lib/validation/auth";
import { RESET_PASSWORD_WORDS, SSO_WORDS } from "../words";
import { passwordsOff, ssoName } from "@/lib/auth/sso";

const refused = (reason: ResetRefusal): ActionResult<never> => ({ ok: false, message: RESET_PASSWORD_WORDS[reason] });

/** Whether the link just opened still works: said before a password is typed for nothing. */
export const checkResetLinkAction = publicAction({
  schema: z.object({ token: resetTokenSchema }),
  onInvalid: () => refused("unknown"),
  async run({ input }): Promise<ActionResult> {
    const check = await checkPasswordReset(input.token);
    return check.ok ? { ok: true, data: undefined } : refused(check.reason);
  },
});

/**
 * The new password, for the link's account: it replaces the old one, every session of the
 * account ends, and this browser starts a new one. A link works once.
 */
export const resetPasswordAction = formAction(
  publicAction({
    schema: resetPasswordSchema,
    // A token that is not one of ours in shape is a broken link, not a field to correct.
    onInvalid: (error) => (error.issues.some((issue) => issue.path[0] === "token") ? refused("unknown") : invalidInput(error)),
    async run({ input, meta }): Promise<ActionResult> {
      if (passwordsOff()) return { ok: false, message: SSO_WORDS.passwordsOff(ssoName()) };
      const result = await completePasswordReset(input.token, input.newPassword, meta);
      if (!result.ok) return refused(result.reason);
      // An emailed link proves the mailbox, not the second factor: that is still asked for.
      if (await hasSecondFactor(result.user.id)) {
        await setPendingSignIn(result.user, "/account?reset=done");
        redirect("/login/two-factor");
      }
      await setSessionCookie(await startSession(result.user, meta));
      redirect("/account?reset=done");
    },
  }),
);
