"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/auth/action";
import { resetSecondFactors } from "@/lib/dal/two-factor";
import { accountIdSchema } from "@/lib/validation/offboarding";

// An admin resets an account's second factors (a lost phone): never by email alone, audited,
// and the account's sessions end. The helper checks the role, the DAL again.
export const resetSecondFactorsAction = userAction({
  // Sudo mode: a reset leaves the account open to its password alone.
  sudo: true,
  schema: accountIdSchema,
  role: "ADMIN",
  onInvalid: () => ({ ok: false, message: "That account does not exist." }),
  async run({ user, input, meta }) {
    if (!(await resetSecondFactors(user, input.id, meta))) return { ok: false, message: "That account does not exist." };
    revalidatePath(`/admin/users/${input.id}`);
    return { ok: true, data: undefined };
  },
});
