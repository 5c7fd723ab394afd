// The app shell's words: the screens show them, and the tests find the shell by them.

/** The sidebar's context switcher: whose tokens the API Token page lists. */
export const CONTEXT_WORDS = {
  label: "Tokens of",
  personal: "Personal",
  go: "Switch",
} as const;
