import { z } from "zod";
import { PASSWORD_MAX } from "@/lib/model";

// The sudo dialog's form: how the user confirms it is them. One schema, for the dialog and its action.
export const SUDO_FIELD_WORDS = {
  passwordRequired: "Enter your password.",
  wrongPassword: "That password is not right.",
} as const;

export const confirmIdentitySchema = z.object({
  method: z.literal("password"),
  password: z.string({ error: SUDO_FIELD_WORDS.passwordRequired }).min(1, SUDO_FIELD_WORDS.passwordRequired).max(PASSWORD_MAX),
});
export type ConfirmIdentityInput = z.infer<typeof confirmIdentitySchema>;
