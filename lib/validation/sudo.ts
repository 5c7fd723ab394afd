import { z } from "zod";
import { PASSWORD_MAX } from "@/lib/model";
import { passkeyResponseSchema, secondFactorCodeSchema } from "@/lib/validation/two-factor";

// The sudo dialog's forms: how the user confirms it is them (their password, an authenticator or
// recovery code, or a passkey). One schema, for the dialog and its action.
export const SUDO_FIELD_WORDS = {
  passwordRequired: "Enter your password.",
  wrongPassword: "That password is not right.",
} as const;

export const confirmIdentitySchema = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("password"),
    password: z.string({ error: SUDO_FIELD_WORDS.passwordRequired }).min(1, SUDO_FIELD_WORDS.passwordRequired).max(PASSWORD_MAX),
  }),
  secondFactorCodeSchema.extend({ method: z.literal("code") }),
  passkeyResponseSchema.extend({ method: z.literal("passkey") }),
]);
export type ConfirmIdentityInput = z.input<typeof confirmIdentitySchema>;

export const confirmPasswordSchema = confirmIdentitySchema.options[0];
export const confirmCodeSchema = confirmIdentitySchema.options[1];
