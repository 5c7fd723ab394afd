"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { invalidInput, SESSION_ENDED, type ActionResult } from "@/lib/action-result";
import { createToken, deleteToken, type TokenRow } from "@/lib/dal/tokens";
import { requestMeta } from "@/lib/request-context";
import { getCurrentUser } from "@/lib/session";
import { createTokenErrorMessage, createTokenSchema, deleteTokenSchema } from "@/lib/validation/api-token";

// Server actions are public endpoints: each checks the session itself, validates with the same
// schema as the form, and reaches the database only through the DAL, scoped to the user.

export async function createTokenAction(input: unknown): Promise<ActionResult<{ token: TokenRow; secret: string }>> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: SESSION_ENDED };

  const parsed = createTokenSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);

  const result = await createToken(user, parsed.data, { meta: requestMeta(await headers()) });
  if (!result.ok) {
    const message = createTokenErrorMessage(result.reason, parsed.data.name);
    return { ok: false, message, fieldErrors: { name: [message] } };
  }

  revalidatePath("/api-tokens");
  return { ok: true, data: { token: result.token, secret: result.secret } };
}

export async function deleteTokenAction(input: unknown): Promise<ActionResult<{ name: string }>> {
  const user = await getCurrentUser();
  if (!user) return { ok: false, message: SESSION_ENDED };

  const parsed = deleteTokenSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "That token was not found." };

  const deleted = await deleteToken(user, parsed.data.id, { meta: requestMeta(await headers()) });
  if (!deleted) return { ok: false, message: "That token was not found. It may have been deleted already." };

  revalidatePath("/api-tokens");
  return { ok: true, data: deleted };
}
