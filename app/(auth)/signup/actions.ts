"use server";

import { invalidInput, type ActionResult } from "@/lib/action-result";
import { headers } from "next/headers";
import { createUser } from "@/lib/dal/users";
import { requestMeta } from "@/lib/request-context";
import { signupSchema } from "@/lib/validation/auth";

export async function signupAction(input: unknown): Promise<ActionResult> {
  const parsed = signupSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);

  const result = await createUser(parsed.data, requestMeta(await headers()));
  if (!result.ok) {
    return {
      ok: false,
      message: "We could not create an account with this email. If you already have one, log in instead.",
      fieldErrors: { email: ["We could not create an account with this email."] },
    };
  }
  return { ok: true, data: undefined };
}
