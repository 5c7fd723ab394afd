import { z } from "zod";
import { credentialId } from "@/lib/validation/ids";
import { wellFormedString } from "@/lib/validation/text";

// An authenticator code (six digits, spaces allowed) or a recovery code (xxxxx-xxxxx).
export const secondFactorCodeSchema = z.object({
  code: wellFormedString("Enter the code.").pipe(z.string().trim().min(1, "Enter the code.").max(32, "That code is too long.")),
});
export type SecondFactorCodeInput = z.input<typeof secondFactorCodeSchema>;

export const confirmTotpSchema = z.object({
  code: wellFormedString("Enter the six-digit code.").pipe(
    z
      .string()
      .transform((value) => value.replace(/\s/g, ""))
      .pipe(z.string().regex(/^\d{6}$/, "Enter the six digits the app shows.")),
  ),
});
export type ConfirmTotpInput = z.input<typeof confirmTotpSchema>;

export const removeTotpSchema = z.object({
  password: z.string().max(1024).optional(),
  code: z.string().max(32).optional(),
});

export const passkeyNameSchema = z.object({
  name: wellFormedString("Name the passkey.").pipe(z.string().trim().min(1, "Name the passkey.").max(60, "Use at most 60 characters.")),
});

// What a browser's WebAuthn call returns, as JSON: its shape is checked by @simplewebauthn/server;
// here only that it is an object of bounded size with an id.
const credentialJson = z.looseObject({ id: credentialId, rawId: z.string().max(1024), type: z.literal("public-key") });
export const passkeyResponseSchema = z.object({ response: credentialJson.refine((value) => JSON.stringify(value).length < 64_000) });
export const passkeyRegistrationSchema = passkeyResponseSchema.extend(passkeyNameSchema.shape);
export const passkeySignInSchema = passkeyResponseSchema.extend({ callbackUrl: z.string().max(2048).optional() });
export const passkeyIdSchema = z.object({ id: credentialId });
