"use server";

import { createUser } from "@/lib/dal/users";
import { publicAction } from "@/lib/server/action";
import { signupSchema } from "@/lib/validation/auth";

export const signupAction = publicAction({
  schema: signupSchema,
  async run({ input, meta }) {
    const result = await createUser(input, meta);
    if (!result.ok) {
      return {
        ok: false,
        message: "We could not create an account with this email. If you already have one, log in instead.",
        fieldErrors: { email: ["We could not create an account with this email."] },
      };
    }
    return { ok: true, data: undefined };
  },
});
