import { z } from "zod";
import {
  DAY_MS,
  defaultExpirationChoice,
  EXPIRATION_CHOICES,
  expirationChoices,
  expiryOf,
  MAX_ROLL_OVERLAP_SECONDS,
  type ExpiryPolicy,
  formatCount,
} from "@/lib/model";
import { normaliseAllowedIps, splitAllowedIps } from "@/lib/ip-allowlist";
import { checkPermissions, describeProblem, MAX_PERMISSIONS, type Catalogue } from "@/lib/permissions";
import { SCOPES } from "@/lib/scopes";
import { displayText, nameKey, optionalDisplayText } from "@/lib/validation/text";
import { teamIdValue } from "@/lib/validation/teams";

export const TOKEN_NAME_MAX = 64;
export const MAX_TOKENS_PER_USER = 100;

export const tokenNameSchema = displayText("a name for the token", TOKEN_NAME_MAX);
export const scopeSchema = z.enum(SCOPES, { error: "Choose an access scope." });

export const TOKEN_DESCRIPTION_MAX = 200;
export const tokenDescriptionSchema = optionalDisplayText("a description", TOKEN_DESCRIPTION_MAX);

// 50 entries of the longest IPv6 range, and room for separators.
const ALLOWED_IPS_TEXT_MAX = 4_000;

export const allowedIpsSchema = z
  .array(z.string({ error: "Each allowed IP must be a string." }), { error: "Send allowed IPs as a list of strings." })
  .max(1_000, "List at most 50 addresses or ranges.")
  .transform((entries, context) => {
    const normalised = normaliseAllowedIps(entries);
    if (normalised.ok) return normalised.value;
    context.addIssue({ code: "custom", message: normalised.message });
    return z.NEVER;
  });

export const allowedIpsTextSchema = z
  .string({ error: "Enter addresses and ranges, or leave the box empty." })
  .max(ALLOWED_IPS_TEXT_MAX, "List at most 50 addresses or ranges.")
  .transform(splitAllowedIps)
  .pipe(allowedIpsSchema);

// --- A token's own limits ------------------------------------------------------------------

/** The largest quota a token may get: a billion requests. */
export const QUOTA_MAX = 1_000_000_000;
/** The installation's own rate limit when the caller names none (API_REQUESTS_PER_TOKEN_PER_MINUTE's default). */
export const DEFAULT_RATE_LIMIT_MAX = 1200;

export const rateLimitProblem = (max: number) =>
  `A token may make at most ${formatCount(max)} requests per minute here (the installation’s limit): enter 1 to ${formatCount(max)}, or leave it empty.`;
export const quotaProblem = `Enter a quota of 1 to ${formatCount(QUOTA_MAX)} requests, or leave it empty for no quota.`;

/** A whole number typed in a form ("10,000" too); "" is none. */
function optionalCountText(max: number, problem: string) {
  return z
    .string({ error: problem })
    .max(32, problem)
    .transform((typed, context) => {
      const text = typed.trim().replace(/[,_\s\u00A0\u202F]/g, "");
      if (text === "") return null;
      const value = /^\d{1,12}$/.test(text) ? Number(text) : NaN;
      if (Number.isInteger(value) && value >= 1 && value <= max) return value;
      context.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    });
}
export const rateLimitTextSchema = (max: number) => optionalCountText(max, rateLimitProblem(max));
export const quotaTextSchema = optionalCountText(QUOTA_MAX, quotaProblem);

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
// Not February 30th, which Date rolls over to March.
export const isCalendarDay = (value: string) => {
  const at = Date.parse(`${value}T00:00:00Z`);
  return ISO_DAY.test(value) && !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === value;
};

// Not 24:00:00, which Date rolls over to the next day.
export const isClockTime = (value: string) => /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?$/.test(value);

// Whatever the policy, so that no expiry comes near what a database cannot store (year 10000).
const EXPIRY_HORIZON_DAYS = 100 * 365;

export function expiryProblem(expiresAt: Date, policy: ExpiryPolicy, now: number): string | null {
  if (!(expiresAt.getTime() > now)) return "Choose a date in the future.";
  if (expiresAt.getTime() > now + EXPIRY_HORIZON_DAYS * DAY_MS) return "Choose a date within the next 100 years, or no expiration.";
  if (policy.maxDays !== null && expiresAt.getTime() > now + policy.maxDays * DAY_MS) {
    return `Tokens may last at most ${policy.maxDays} days here: choose an earlier date.`;
  }
  return null;
}

export const PERMISSIONS_REQUIRED = "Choose at least one permission, or pick Read-Only or Write.";

/**
 * Used by the drawer's resolver and the server action, each with its own clock; the server's
 * decides. `catalogue`: the resources a Custom token may name (the server's, handed to the
 * drawer as props); without one, no Custom permission is known.
 */
export function createTokenSchema(
  policy: ExpiryPolicy,
  now: () => number = Date.now,
  catalogue: Catalogue = [],
  rateLimitMax: number = DEFAULT_RATE_LIMIT_MAX,
) {
  const offered = new Set<string>(expirationChoices(policy).map((choice) => choice.value));
  return z
    .object({
      name: tokenNameSchema,
      scope: scopeSchema,
      // A Custom token's; ignored for a preset.
      permissions: z.array(z.string().max(100)).max(MAX_PERMISSIONS).prefault([]),
      description: tokenDescriptionSchema.prefault(""),
      allowedIps: allowedIpsTextSchema.prefault(""),
      // Left out (an older form, a script): the installation's default lifetime.
      expiration: z
        .enum(EXPIRATION_CHOICES.map((choice) => choice.value) as [string, ...string[]], { error: "Choose when the token expires." })
        .default(defaultExpirationChoice(policy)),
      expiresOn: z.string().max(10).optional(),
      // Limits: optional; left empty, the installation's rate limit and no quota.
      rateLimitPerMinute: rateLimitTextSchema(rateLimitMax).prefault(""),
      quota: quotaTextSchema.prefault(""),
    })
    .superRefine((input, context) => {
      if (input.scope === "CUSTOM") {
        const checked = checkPermissions(input.permissions, catalogue);
        if (input.permissions.length === 0) context.addIssue({ code: "custom", path: ["permissions"], message: PERMISSIONS_REQUIRED });
        else if (!checked.ok) context.addIssue({ code: "custom", path: ["permissions"], message: describeProblem(checked) });
      }
      if (!offered.has(input.expiration)) {
        context.addIssue({
          code: "custom",
          path: ["expiration"],
          message: `Tokens may last at most ${policy.maxDays} days here: choose a shorter expiration.`,
        });
        return;
      }
      if (input.expiration !== "custom") return;
      if (!input.expiresOn || !isCalendarDay(input.expiresOn)) {
        context.addIssue({ code: "custom", path: ["expiresOn"], message: "Choose the date the token expires." });
        return;
      }
      const problem = expiryProblem(expiryOf("custom", input.expiresOn, now())!, policy, now());
      if (problem) context.addIssue({ code: "custom", path: ["expiresOn"], message: problem });
    })
    .transform((input) => {
      const checked = input.scope === "CUSTOM" ? checkPermissions(input.permissions, catalogue) : null;
      return { ...input, permissions: checked?.ok ? checked.permissions : [] };
    });
}
export type CreateTokenInput = z.input<ReturnType<typeof createTokenSchema>>;
export type CreateTokenValues = z.output<ReturnType<typeof createTokenSchema>>;

// No token's id holds a NUL, and PostgreSQL cannot even compare one (a 500): such an id names nothing.
const tokenId = z
  .string()
  .min(1)
  .max(64)
  .refine((id) => !id.includes("\u0000"));

export const rollTokenSchema = z.object({
  id: tokenId,
  overlapSeconds: z.number().int().min(0).max(MAX_ROLL_OVERLAP_SECONDS),
});

// Never the scope: a token that needs more rights is a new token. A new quota starts full; `refill`
// starts the same quota again.
export const editTokenSchema = (rateLimitMax: number = DEFAULT_RATE_LIMIT_MAX) =>
  z.object({
    id: tokenId,
    name: tokenNameSchema,
    description: tokenDescriptionSchema.prefault(""),
    allowedIps: allowedIpsTextSchema.prefault(""),
    rateLimitPerMinute: rateLimitTextSchema(rateLimitMax).prefault(""),
    quota: quotaTextSchema.prefault(""),
    refill: z.boolean().prefault(false),
  });
export type EditTokenInput = z.input<ReturnType<typeof editTokenSchema>>;
export type EditTokenValues = z.output<ReturnType<typeof editTokenSchema>>;

export const tokenIdSchema = z.object({ id: tokenId });
/** Disable and Enable (the owner's listing, the team's, the admin's): one token, one of the two. */
export const tokenStateSchema = z.object({ id: tokenId, to: z.enum(["disabled", "active"]) });

/** "Remove unused permissions": the token, and the permissions the confirmation listed as going (it is refused if that has changed). */
export const narrowTokenSchema = z.object({ id: tokenId, removing: z.array(z.string().max(100)).max(MAX_PERMISSIONS) });

// NFKC: names differing only in Unicode width forms are the same name too.
export const tokenNameKey = nameKey;

export type CreateRefusal = "duplicate_name" | "limit_reached" | "admin_only" | "not_found" | "team_rule";

/** In a team's context (`team` its name) the words speak of the team's tokens. */
export function createTokenErrorMessage(reason: CreateRefusal, name: string, team?: string): string {
  if (reason === "admin_only")
    return team
      ? "A team token cannot hold tokens:introspect (Token introspection): only an admin's own token can."
      : "Only an admin can grant tokens:introspect (Token introspection).";
  if (reason === "not_found") return "That team does not exist, or you are not in it.";
  if (reason === "team_rule")
    return `In ${team ?? "this team"}, members may not create this token: ask one of its admins or owners, or choose Read-Only if the team allows it.`;
  if (reason === "duplicate_name")
    return team
      ? `${team} already has a token named “${name}”. Choose another name.`
      : `You already have a token named “${name}”. Choose another name.`;
  return team
    ? `${team} has reached the limit of ${MAX_TOKENS_PER_USER} tokens. Delete one it no longer uses, then try again.`
    : `You have reached the limit of ${MAX_TOKENS_PER_USER} tokens. Delete one you no longer use, then try again.`;
}

export const TOKEN_PAGE_SIZE = 20;
export const tokenListQuerySchema = z.object({
  /** The team whose tokens to list (the page checks the membership); "": the person's own. */
  team: teamIdValue.catch(""),
  // A NUL is junk like any other: PostgreSQL cannot even compare a text holding one (a 500).
  q: z
    .string()
    .max(TOKEN_NAME_MAX)
    .refine((value) => !value.includes("\u0000"))
    .catch(""),
  sort: z.enum(["name", "createdAt"]).catch("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  /** "expiring": the listing notice's "Show them". */
  show: z.enum(["all", "expiring"]).catch("all"),
});
export type TokenListQuery = z.output<typeof tokenListQuerySchema>;
