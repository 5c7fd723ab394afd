"use server";

import { revalidatePath } from "next/cache";
import { createToken, deleteToken } from "@/lib/dal/tokens";
import { MESSAGES } from "@/lib/model";
import { userAction } from "@/lib/server/action";
import { createTokenErrorMessage, createTokenSchema, tokenIdSchema } from "@/lib/validation/api-token";

export const createTokenAction = userAction({
  schema: createTokenSchema,
  async run({ user, input, meta }) {
    const result = await createToken(user, input, { meta });
    if (!result.ok) {
      const message = createTokenErrorMessage(result.reason, input.name);
      return { ok: false, message, fieldErrors: { name: [message] } };
    }
    revalidatePath("/api-tokens");
    return { ok: true, data: { token: result.token, secret: result.secret } };
  },
});

export const deleteTokenAction = userAction({
  schema: tokenIdSchema,
  onInvalid: () => ({ ok: false, message: MESSAGES.tokenNotFound }),
  async run({ user, input, meta }) {
    const deleted = await deleteToken(user, input.id, { meta });
    if (!deleted) return { ok: false, message: MESSAGES.tokenNotFound };
    revalidatePath("/api-tokens");
    return { ok: true, data: deleted };
  },
});
