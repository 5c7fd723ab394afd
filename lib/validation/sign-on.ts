import { z } from "zod";
import { displayText, nameKey } from "@/lib/validation/text";
import { teamNameSchema } from "@/lib/validation/teams";

// What an OpenID Connect provider says of a person (its ID token's and userinfo's claims),
// read as this console needs it. The provider is trusted for who the person is, never for the
// shape of what it sends: a claim of the wrong type is as good as absent, never a 500.

/** The most team names one sign-in takes from the team claim: more are not read. */
export const MAX_CLAIMED_TEAMS = 200;

// Checked as sent, before lower-casing: an address outside ASCII could lower-case into another
// one (the Kelvin sign "\u212A" becomes "k"), the address of an account this provider never verified.
const email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[\x21-\x7E]+$/)
  .toLowerCase()
  .pipe(z.email())
  .optional()
  .catch(undefined);
// Some providers (Cognito, older Azure AD B2C) send "true" as a string.
const verified = z
  .union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")])
  .optional()
  .catch(undefined);
const name = displayText("a name", 100).optional().catch(undefined);

export type ProviderIdentity = {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  /** The team claim's names, case-folded (null: no team claim is configured, or the provider sent none). */
  teamKeys: string[] | null;
};

/** The team claim: a list of names, or one name; what is not a usable team name is left out. */
export function claimedTeamKeys(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  const keys = new Set<string>();
  for (const entry of list.slice(0, MAX_CLAIMED_TEAMS)) {
    const parsed = teamNameSchema.safeParse(entry);
    if (parsed.success) keys.add(nameKey(parsed.data));
  }
  return [...keys];
}

/** The person a provider's claims describe, or null when they name no one (no subject). */
export function providerIdentity(issuer: string, claims: Record<string, unknown>, teamClaim: string | undefined): ProviderIdentity | null {
  const subject = typeof claims.sub === "string" && claims.sub.length > 0 && claims.sub.length <= 255 ? claims.sub : null;
  if (!subject) return null;
  return {
    issuer,
    subject,
    email: email.parse(claims.email) ?? null,
    emailVerified: verified.parse(claims.email_verified) === true,
    name: name.parse(claims.name) ?? null,
    teamKeys: teamClaim ? claimedTeamKeys(claims[teamClaim]) : null,
  };
}
