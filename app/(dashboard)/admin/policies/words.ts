// The policies page's words (/admin/policies): the screen shows them, the tests find it by them.
export const POLICY_WORDS = {
  title: "Policies",
  description:
    "Rules for every token made on this console. A change applies to the next token made, and to a token that exists at its next roll; until then it keeps working, unless you choose below to disable those the new rules would not allow.",
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
  inactivity: "Unused tokens",
  inactivityHint:
    "A token counts as unused from its last request, or from its creation when it was never used (an enable or an approval starts the count again). Checked every hour. With neither rule set, Compliance still lists tokens unused for 90 days.",
  warnDays: "Warn its owner after (days)",
  disableDays: "Disable it after (days)",
  neverHint: "Leave empty for never.",
  accounts: "Accounts",
  requireTwoFactor: "Require two-factor authentication for every account",
  requireTwoFactorHint: "An account without an authenticator app or a passkey is asked to set one up before anything else opens.",
  save: "Save policies",
  saved: (changes: number) => `Policies saved: ${changes} ${changes === 1 ? "change" : "changes"}, in the audit log.`,
  unchanged: "Nothing changed: these are the policies in force.",
  impactTitle: "Existing tokens",
  impactNone: "Every working token meets these rules.",
  impactWaiting: "Correct the highlighted fields to see how many working tokens these rules would affect.",
  impact: (tokens: number) => `${tokens} working ${tokens === 1 ? "token does" : "tokens do"} not meet these rules.`,
  existing: "What happens to them",
  existingChoices: {
    keep: {
      label: "Keep them working until their next roll",
      hint: "The rules apply to tokens made from now on, and to these when they are rolled (a roll gives them the maximum lifetime; a Write token open to every address must list its allowed IPs first). Compliance lists them, to notify their owners, disable or revoke them.",
    },
    disable: {
      label: "Disable them now",
      hint: "Requests with them are refused from the save on; their owners are emailed; only an admin can enable them again.",
    },
  },
  compliance: "Open Compliance",
  disabled: (n: number) => `${n} ${n === 1 ? "token" : "tokens"} disabled.`,
  impactParts: {
    expiry_required: (n: number) => `${n} without an expiry`,
    too_long: (n: number) => `${n} lasting longer than the maximum`,
    allowed_ips_required: (n: number) => `${n} that can write from anywhere`,
  },
} as const;
