import { z } from "zod";
import { recordId } from "@/lib/validation/ids";

// The approvals queue's forms (/admin/approvals): one schema each, shared by the dialog and the action.

const id = recordId;

export const approveTokenSchema = z.object({ id });

export const denyTokenSchema = z.object({
  id,
  reason: z
    .string()
    .trim()
    .min(1, "Say why, in a few words: the requester reads it.")
    .max(500, "Use at most 500 characters.")
    .refine((text) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text), "Use letters, digits and punctuation only."),
});
