"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { endAllSessions } from "@/lib/dal/sessions";
import { changePassword } from "@/lib/dal/users";
import { formAction, userAction } from "@/lib/server/action";
import { clearSessionCookie, readSessionCookie } from "@/lib/server/auth";
import { changePasswordSchema } from "@/lib/validation/auth";

/** Change password: the current one is required; every other session ends, this one stays. */
export const changePasswordAction = formAction(
  userAction({
    schema: changePasswordSchema,
    passwordChange: "allowed",
    async run({ user, input, meta }) {
      const claim = await readSessionCookie();
      const result = await changePassword(user, { current: input.currentPassword, next: input.newPassword }, claim?.sessionId ?? "", meta);
      if (!result.ok)
        return {
          ok: false,
          message: "That is not your current password.",
          fieldErrors: { currentPassword: ["That is not your current password."] },
        };
      return { ok: true, data: undefined };
    },
  }),
);

const logoutEverywhere = userAction({
  schema: z.object({}),
  passwordChange: "allowed",
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
