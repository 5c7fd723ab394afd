import { z } from "zod";
import { recordId } from "@/lib/validation/ids";

// Offboarding (/admin/users, npm run admin -- disable|enable): the accounts listing's query and
// the forms of its actions. An id is only ever looked up, never trusted: the DAL scopes by it.

const id = recordId;

export const accountIdSchema = z.object({ id });

export const handOverSchema = z.object({ tokenId: id, toUserId: id });

export const teamTokenIdSchema = z.object({ tokenId: id });

export const accountsQuerySchema = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .refine((value) => !value.includes("\u0000"))
    .catch(""),
  status: z.enum(["", "active", "disabled"]).catch(""),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AccountsQuery = z.output<typeof accountsQuerySchema>;
