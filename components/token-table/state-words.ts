import type { DisabledReason } from "../../lib/token-states";

// A token's state as both listings show it (components/token-table/token-state.tsx) and the
// end-to-end tests find it. A plain module, so that Playwright can import it.
export const TOKEN_STATE_WORDS = {
  disabled: "Disabled",
  pending: "Pending approval",
  denied: "Denied",
  noReason: "No reason given.",
  /** Under the Disabled badge: who disabled it, and who may enable it. */
  by: {
    owner: "By its owner.",
    self: "By itself, through the API.",
    admin: "By an admin: only an admin can enable it.",
    inactivity: "Unused for too long: its owner can enable it.",
    policy: "By a policy: only an admin can enable it.",
  } satisfies Record<DisabledReason, string>,
  pendingHelp: "Works once an admin approves it.",
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
