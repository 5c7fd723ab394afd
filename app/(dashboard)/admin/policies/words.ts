// The policies page's words (/admin/policies): the screen shows them, the tests find it by them.
export const POLICY_WORDS = {
  title: "Policies",
  description: "Rules for every token made on this console. A change applies to the next token made; tokens that exist keep working.",
  lifetime: "Lifetime",
  defaultLifetime: "Default lifetime (days)",
  defaultLifetimeHint: "What Create API Key starts on.",
  maxLifetime: "Maximum lifetime (days)",
  maxLifetimeHint: "Leave empty for no maximum. With a maximum, “No expiration” is not offered.",
  requireExpiry: "Require an expiry on every token",
  access: "Access",
  requireAllowedIps: "Require allowed IPs for tokens that can write",
  selfGrant: "What members may grant themselves",
  selfGrantChoices: {
    any: { label: "Any permission", hint: "No token waits for approval." },
    read: { label: "Read permissions only", hint: "A token that can write waits for an admin's approval on Approvals." },
    none: { label: "Nothing", hint: "Every token a member makes waits for an admin's approval." },
  },
  accounts: "Accounts",
  requireTwoFactor: "Require two-factor authentication for every account",
  requireTwoFactorHint: "An account without an authenticator app or a passkey is asked to set one up before anything else opens.",
  save: "Save policies",
  saved: (changes: number) => `Policies saved: ${changes} ${changes === 1 ? "change" : "changes"}, in the audit log.`,
  unchanged: "Nothing changed: these are the policies in force.",
  impactTitle: "Existing tokens",
  impactNone: "Every working token meets these rules.",
  impact: (tokens: number) =>
    `${tokens} working ${tokens === 1 ? "token does" : "tokens do"} not meet these rules. ${tokens === 1 ? "It keeps" : "They keep"} working; ` +
    "the rules apply to tokens made from now on.",
  impactParts: {
    expiry_required: (n: number) => `${n} without an expiry`,
    too_long: (n: number) => `${n} lasting longer than the maximum`,
    allowed_ips_required: (n: number) => `${n} that can write from anywhere`,
  },
} as const;
