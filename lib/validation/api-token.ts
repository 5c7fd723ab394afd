import { z } from "zod";
import { SCOPES } from "@/lib/model";
import { displayText } from "@/lib/validation/text";

export const TOKEN_NAME_MAX = 64;
export const MAX_TOKENS_PER_USER = 100;

export const tokenNameSchema = displayText("a name for the token", TOKEN_NAME_MAX);
export const scopeSchema = z.enum(SCOPES, { error: "Choose an access scope." });

/** The Create API Key form: used by the drawer's resolver and by the server action. */
export const createTokenSchema = z.object({ name: tokenNameSchema, scope: scopeSchema });
export type CreateTokenInput = z.input<typeof createTokenSchema>;
export type CreateTokenValues = z.output<typeof createTokenSchema>;

/** A token named by its id: the owner's Delete and the admin's Revoke. */
export const tokenIdSchema = z.object({ id: z.string().min(1).max(64) });

/** The key that makes names unique per user regardless of case (and of Unicode width forms). */
export function tokenNameKey(name: string): string {
  return name.normalize("NFKC").toLowerCase();
}

/** Why a valid request still could not create a token, in words the form (and the API) show. */
export function createTokenErrorMessage(reason: "duplicate_name" | "limit_reached", name: string): string {
  return reason === "duplicate_name"
    ? `You already have a token named “${name}”. Choose another name.`
    : `You have reached the limit of ${MAX_TOKENS_PER_USER} tokens. Delete one you no longer use, then try again.`;
}

/** The token listing's URL state: everything a page request can ask for, with safe defaults. */
export const TOKEN_PAGE_SIZE = 20;
export const tokenListQuerySchema = z.object({
  q: z.string().max(TOKEN_NAME_MAX).catch(""),
  sort: z.enum(["name", "createdAt"]).catch("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type TokenListQuery = z.output<typeof tokenListQuerySchema>;
