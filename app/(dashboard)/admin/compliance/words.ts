import { formatCount } from "@/lib/model";
import type { ComplianceProblem } from "@/lib/policy";

// The compliance view's words (/admin/compliance): the screen shows them, the tests find it by them.
export const COMPLIANCE_WORDS = {
  title: "Compliance",
  description: "Working tokens that break the policies in force, or that nobody uses. Tell their owners, disable or revoke them.",
  policies: "Change the policies",
  filter: "Show",
  all: "Every problem",
  problems: {
    expiry_required: { label: "No expiry", short: "No expiry" },
    too_long: { label: "Longer than the maximum lifetime", short: "Too long-lived" },
    allowed_ips_required: { label: "Write from any address", short: "Write from anywhere" },
    unused: { label: "Unused", short: "Unused" },
  } satisfies Record<ComplianceProblem, { label: string; short: string }>,
  unusedNote: (days: number) => `Unused: no request for ${days} days (never used: created more than ${days} days ago).`,
  count: (shown: number, total: number) =>
    total === 1 ? "1 token" : shown < total ? `${formatCount(total)} tokens (the first ${shown} shown)` : `${formatCount(total)} tokens`,
  none: "Every working token meets the policies in force.",
  noneOf: (label: string) => `No working token has this problem: ${label.toLowerCase()}.`,
  selectAll: "Select all shown",
  select: (name: string, ownerEmail: string) => `Select ${name} of ${ownerEmail}`,
  owner: "Owner",
  team: (name: string) => `team ${name}`,
  lastUsed: "Last used",
  never: "Never",
  expires: "Expires",
  noExpiry: "No expiry",
  notify: (n: number) => (n === 0 ? "Notify owners" : `Notify ${n} ${n === 1 ? "owner" : "owners"}`),
  notifyNoMail: "Email is not set up on this console: owners cannot be notified.",
  disable: (n: number) => (n === 0 ? "Disable" : `Disable ${n}`),
  revoke: (n: number) => (n === 0 ? "Revoke" : `Revoke ${n}`),
  titles: {
    notify: (n: number) => (n === 1 ? "Email the owner of 1 token?" : `Email the owners of ${n} tokens?`),
    disable: (n: number) => (n === 1 ? "Disable 1 token?" : `Disable ${n} tokens?`),
    revoke: (n: number) => (n === 1 ? "Revoke 1 token?" : `Revoke ${n} tokens?`),
  },
  descriptions: {
    notify:
      "Each owner is emailed which rule their token breaks and asked to replace or delete it. The tokens keep working. The audit log records each notice; an owner told about a token in the last day is not emailed about it again.",
    disable:
      "Requests with each token are refused at once; nothing else changes. Their owners are emailed, and only an admin can enable them again. A token mended since this list was read is left alone.",
    revoke:
      "Each token stops working at once and for good. Their owners are told, and the audit log records that you revoked each one. A token mended since this list was read is kept.",
  },
  confirms: { notify: "Email owners", disable: "Disable tokens", revoke: "Revoke tokens" },
  done: {
    notify: (n: number) =>
      n === 0
        ? "No owner was emailed: each was told about these tokens in the last day."
        : n === 1
          ? "1 owner was emailed."
          : `${n} owners were emailed.`,
    disable: (n: number) => (n === 1 ? "1 token was disabled." : `${n} tokens were disabled.`),
    revoke: (n: number) => (n === 1 ? "1 token was revoked." : `${n} tokens were revoked.`),
  },
  noneChosen: "Choose the tokens first.",
} as const;
