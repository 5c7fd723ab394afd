import { z } from "zod";
import { displayText } from "@/lib/validation/text";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

const email = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email("Enter a valid email address."));

/** The sign-up form, shared by the page and the server action. */
export const signupSchema = z.object({
  name: displayText("your name", 100),
  email,
  password: z
    .string({ error: "Enter a password." })
    .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
    .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
});
export type SignupInput = z.input<typeof signupSchema>;

/** The login form, shared by the page and next-auth's authorize(). */
export const loginSchema = z.object({
  email,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX),
});
export type LoginInput = z.input<typeof loginSchema>;
