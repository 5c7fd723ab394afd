import { z } from "zod";
import { displayText, wellFormedString } from "@/lib/validation/text";

import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/model";

export { PASSWORD_MAX, PASSWORD_MIN };

const email = wellFormedString("Enter your email address.")
  .transform((value) => value.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, "Enter your email address.")
      .max(254, "That email address is too long.")
      .pipe(z.email("Enter a valid email address.")),
  );

const newPassword = wellFormedString("Enter a password.").pipe(
  z.string().min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
);

export const signupSchema = z.object({ name: displayText("your name", 100), email, password: newPassword });
export type SignupInput = z.input<typeof signupSchema>;

export const loginSchema = z.object({
  email,
  password: wellFormedString("Enter your password.").pipe(z.string().min(1, "Enter your password.").max(PASSWORD_MAX)),
});
export type LoginInput = z.input<typeof loginSchema>;

const newPasswordTwice = { newPassword, confirmPassword: z.string({ error: "Type the new password again." }) };
const sameTwice: [(values: { newPassword: string; confirmPassword: string }) => boolean, { path: string[]; message: string }] = [
  (values) => values.newPassword === values.confirmPassword,
  { path: ["confirmPassword"], message: "The two new passwords differ." },
];

export const changePasswordSchema = z
  .object({
    currentPassword: wellFormedString("Enter your current password.").pipe(
      z.string().min(1, "Enter your current password.").max(PASSWORD_MAX),
    ),
    ...newPasswordTwice,
  })
  .refine(...sameTwice);
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const forgotPasswordSchema = z.object({ email });
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;

// 32 random bytes, base64url: anything else is not one of ours.
export const resetTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This reset link is not valid.");

export const resetPasswordSchema = z.object({ token: resetTokenSchema, ...newPasswordTwice }).refine(...sameTwice);
export type ResetPasswordInput = z.input<typeof resetPasswordSchema>;
