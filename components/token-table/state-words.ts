import type { DisabledReason } from "../../lib/token-states";

// A token's state as both listings show it (components/token-table/token-state.tsx) and the
// end-to-end tests find it. A plain module, so that Playwright can import it.
export const TOKEN_STATE_WORDS = {
  disabled: "Disabled",
  pending: "Pending approval",
  denied: "Denied",
  deniedBecause: (reason: string) => `Denied: ${reason}`,
  by: {
    owner: "Disabled by its owner",
    self: "Disabled itself through the API",
    admin: "Disabled by an admin: only an admin can enable it",
    inactivity: "Disabled for inactivity",
    policy: "Disabled by a policy: only an admin can enable it",
  } satisfies Record<DisabledReason, string>,
  pendingHelp: "Waiting for an admin's approval: it works once approved.",
} as const;

/** The row actions and their confirmations (the owner's listing, the team's, the admin's). */
export const STATE_ACTION_WORDS = {
  disable: "Disable",
  enable: "Enable",
  disableLabel: (name: string) => `Disable ${name}`,
  enableLabel: (name: string) => `Enable ${name}`,
  disableTitle: (name: string) => `Disable “${name}”?`,
  disableDescription:
    "Requests with this token are refused from the next one on, until it is enabled again. Its secret, settings and history are kept.",
  disableConfirm: "Disable token",
  enableTitle: (name: string) => `Enable “${name}”?`,
  enableDescription: "Requests with this token work again from the next one on.",
  enableConfirm: "Enable token",
  disabled: (name: string) => `Token “${name}” was disabled. Requests with it are refused until it is enabled.`,
  enabled: (name: string) => `Token “${name}” was enabled. It works again.`,
} as const;
