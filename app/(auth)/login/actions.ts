"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { startSession } from "@/lib/dal/sessions";
import { TemporaryPasswordExpired } from "@/lib/dal/temporary-passwords";
import { AccountDisabled } from "@/lib/dal/users";
import type { ActionResult } from "@/lib/model";
import { formAction, publicAction } from "@/lib/auth/action";
import { passwordsOff, ssoName } from "@/lib/auth/sso";
import { SSO_WORDS } from "../words";
import { authenticate, setSessionCookie } from "@/lib/auth/sign-in";
import { safeReturnTo } from "@/lib/auth/session";
import { loginSchema } from "@/lib/validation/auth";

/** Login: the form posts here, with or without the page's JavaScript. Success starts a session and goes back where the user was. */
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
      await setSessionCookie(await startSession(result.user, meta));
      redirect(safeReturnTo(input.callbackUrl));
    },
  }),
  ["email"],
);
