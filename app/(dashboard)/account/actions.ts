"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { endAllSessions, endSession } from "@/lib/dal/sessions";
import { changePassword } from "@/lib/dal/users";
import { formAction, userAction } from "@/lib/auth/action";
import { SESSION_ENDED_PASSWORD_FAILURES } from "@/lib/model";
import { admitPasswordAttempt, clearSessionCookie, readSessionCookie } from "@/lib/auth/sign-in";
import { createLimiter } from "@/lib/server/rate-limit";
import { changePasswordSchema } from "@/lib/validation/auth";
import { ACCOUNT_WORDS } from "./words";

/** Wrong current passwords one session may send before it is ended: a stolen session does not get to guess. */
const PASSWORD_CHANGE_FAILURES_PER_SESSION = 5;
const failuresPerSession = createLimiter({ keyPrefix: "password-change-session", points: 1_000, durationSeconds: 60 * 60 });

/**
 * Change password: the current one is required, checked within the login limits (per account,
 * per address); every other session ends, this one stays. A session that sends five wrong
 * current passwords is ended.
 */
export const changePasswordAction = formAction(
  userAction({
    schema: changePasswordSchema,
    passwordChange: "allowed",
    async run({ user, input, meta }) {
      const claim = await readSessionCookie();
      const attempt = await admitPasswordAttempt(user.email, meta);
      if (!attempt.ok) return { ok: false, message: attempt.message, fieldErrors: { currentPassword: [attempt.message] } };
      const result = await changePassword(user, { current: input.currentPassword, next: input.newPassword }, claim?.sessionId ?? "", meta);
      await attempt.settle(result.ok);
      if (result.ok) return { ok: true, data: undefined };
      if (claim && (await failuresPerSession.hit(claim.sessionId)) >= PASSWORD_CHANGE_FAILURES_PER_SESSION) {
        await endSession(claim, meta);
        await clearSessionCookie();
        redirect(`/login?ended=${SESSION_ENDED_PASSWORD_FAILURES}`);
      }
      return {
        ok: false,
        message: ACCOUNT_WORDS.wrongPassword,
        fieldErrors: { currentPassword: [ACCOUNT_WORDS.wrongPassword] },
      };
    },
  }),
);

const logoutEverywhere = userAction({
  schema: z.object({}),
  passwordChange: "allowed",
  twoFactorSetup: "allowed",
  async run({ user, meta }) {
    await endAllSessions(user, meta);
    return { ok: true, data: undefined };
  },
});

/** Log out everywhere: every session of the account ends, this one included. A plain form posts here. */
export async function logoutEverywhereAction(): Promise<void> {
  await logoutEverywhere({});
  await clearSessionCookie();
  redirect("/login");
}
