import { actionOf } from "@/lib/permissions";
import { restrictsClients } from "@/lib/ip-allowlist";
import { DAY_MS, type ExpiryPolicy } from "@/lib/model";

// The installation's token policy, as every layer and the browser read it (client-safe). Stored in
// the database (Policy, one row), set on /admin/policies; without a row, the environment's
// defaults (lib/dal/policies.ts). The decisions here are pure, so that the drawer can warn before
// a submit and the data layer decides the same way inside its transaction.

export type TokenPolicy = {
  defaultLifetimeDays: number;
  maxLifetimeDays: number | null;
  requireExpiry: boolean;
  requireAllowedIpsForWrite: boolean;
  /** The permissions members may grant themselves; "*": all. The rest wait for an admin's approval. */
  selfGrantable: "*" | readonly string[];
  inactivityWarnDays: number | null;
  inactivityDisableDays: number | null;
  requireTwoFactor: boolean;
};

export const expiryPolicyOf = (policy: TokenPolicy): ExpiryPolicy => ({
  defaultDays: policy.defaultLifetimeDays,
  maxDays: policy.maxLifetimeDays,
  required: policy.requireExpiry,
  allowedIpsForWrite: policy.requireAllowedIpsForWrite,
});

/** Whether a grant (expanded: every permission it holds) holds any write. */
export const holdsWrite = (permissions: readonly string[]) => permissions.some((permission) => actionOf(permission) === "write");

/**
 * What of a grant (expanded) a member may not grant themselves: those permissions make the token
 * pending until an admin approves it. Installation admins are never asked (the caller decides who).
 */
export function reservedPermissions(permissions: readonly string[], policy: Pick<TokenPolicy, "selfGrantable">): string[] {
  if (policy.selfGrantable === "*") return [];
  const allowed = new Set(policy.selfGrantable);
  const everyRead = allowed.has(READS_ONLY);
  return permissions.filter((permission) => !allowed.has(permission) && !(everyRead && actionOf(permission) === "read"));
}

/** In selfGrantable: every read permission, of the resources there are now and later. */
export const READS_ONLY = "*:read";

/** The admin page's three choices of what members may grant themselves. */
export type SelfGrantChoice = "any" | "read" | "none";
export const selfGrantChoiceOf = (policy: Pick<TokenPolicy, "selfGrantable">): SelfGrantChoice =>
  policy.selfGrantable === "*" ? "any" : policy.selfGrantable.length === 0 ? "none" : "read";
export const selfGrantableOf = (choice: SelfGrantChoice): TokenPolicy["selfGrantable"] =>
  choice === "any" ? "*" : choice === "read" ? [READS_ONLY] : [];

export type PolicyProblem = "expiry_required" | "too_long" | "allowed_ips_required";

/** How many working tokens a policy would not allow if they were made now, in all and by problem. */
export type PolicyImpact = Record<PolicyProblem, number> & { tokens: number };

/** How a token (new, or as it stands) breaks the policy; [] when it complies. */
export function policyProblems(
  token: { expiresAt: Date | null; createdAt?: Date; allowedIps: readonly string[]; permissions: readonly string[] },
  policy: TokenPolicy,
  now: number,
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const from = token.createdAt?.getTime() ?? now;
  if (token.expiresAt === null && (policy.requireExpiry || policy.maxLifetimeDays !== null)) problems.push("expiry_required");
  if (
    token.expiresAt !== null &&
    policy.maxLifetimeDays !== null &&
    token.expiresAt.getTime() > from + policy.maxLifetimeDays * 86_400_000 + 60_000
  )
    problems.push("too_long");
  if (policy.requireAllowedIpsForWrite && !restrictsClients(token.allowedIps) && holdsWrite(token.permissions))
    problems.push("allowed_ips_required");
  return problems;
}

/** What each problem says, in the console and the API's errors. */
export const POLICY_PROBLEM_WORDS: Record<PolicyProblem, (policy: TokenPolicy) => string> = {
  expiry_required: () => "This console’s policy requires an expiry: choose when the token expires.",
  too_long: (policy) => `Tokens may last at most ${policy.maxLifetimeDays} days here: choose an earlier date.`,
  allowed_ips_required: () =>
    "This console’s policy requires allowed IPs for tokens that can write: list the addresses it is used from (a list that covers more than 1/128 of all addresses, such as 0.0.0.0/0, counts as none).",
};

/** What the compliance view (/admin/compliance) finds in a working token: the rules above, and disuse. */
export type ComplianceProblem = PolicyProblem | "unused";
export const COMPLIANCE_PROBLEMS = [
  "expiry_required",
  "too_long",
  "allowed_ips_required",
  "unused",
] as const satisfies readonly ComplianceProblem[];

/** Without an inactivity rule, a token unused for this long is still shown as unused. */
export const UNUSED_FALLBACK_DAYS = 90;

/** After how many days unused the compliance view shows a token: the inactivity rule's warning, else its disabling, else 90. */
export const unusedDaysOf = (policy: Pick<TokenPolicy, "inactivityWarnDays" | "inactivityDisableDays">): number =>
  policy.inactivityWarnDays ?? policy.inactivityDisableDays ?? UNUSED_FALLBACK_DAYS;

/** How a working token, as it stands, breaks the policy or sits unused; [] when it complies. */
export function complianceProblems(
  token: {
    expiresAt: Date | null;
    createdAt: Date;
    lastUsedAt: Date | null;
    /** When it was last enabled or approved: disuse counts from there when that is later. */
    activeSince?: Date | null;
    allowedIps: readonly string[];
    permissions: readonly string[];
  },
  policy: TokenPolicy,
  now: number,
): ComplianceProblem[] {
  const problems: ComplianceProblem[] = policyProblems(token, policy, now);
  const idleSince = Math.max((token.lastUsedAt ?? token.createdAt).getTime(), token.activeSince?.getTime() ?? 0);
  if (idleSince < now - unusedDaysOf(policy) * DAY_MS) problems.push("unused");
  return problems;
}
