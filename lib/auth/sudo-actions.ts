"use server";

import { userAction } from "@/lib/auth/action";
import { admitPasswordAttempt, readSessionCookie } from "@/lib/auth/sign-in";
import { confirmWithPassword } from "@/lib/dal/reauthentication";
import { MESSAGES } from "@/lib/model";
import { confirmIdentitySchema, SUDO_FIELD_WORDS } from "@/lib/validation/sudo";

// The sudo dialog's action: a fresh authentication for this session. A password guess here counts
// against the same limits as at sign-in (per address, per account), so the dialog is no side door
// for guessing; someone signed in with a temporary password changes it first, as everywhere.
export const confirmIdentityAction = userAction({
  schema: confirmIdentitySchema,
  async run({ user, input, meta }) {
    const claim = await readSessionCookie();
    if (!claim) return { ok: false, message: MESSAGES.sessionEnded };
    const attempt = await admitPasswordAttempt(user.email, meta);
    if (!attempt.ok) return { ok: false, message: attempt.message };
    const confirmed = await confirmWithPassword(user, claim, input.password, meta);
    await attempt.settle(confirmed);
    if (!confirmed)
      return { ok: false, message: SUDO_FIELD_WORDS.wrongPassword, fieldErrors: { password: [SUDO_FIELD_WORDS.wrongPassword] } };
    return { ok: true, data: undefined };
  },
});
