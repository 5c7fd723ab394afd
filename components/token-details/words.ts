// The words of the token details panel, the owner's and the admin's, that the tests look for
// too. A plain module, so that Playwright can import it.
export const DETAILS_WORDS = {
  loadingTitle: "Token details",
  editTitle: (name: string) => `Edit “${name}”`,
  editDescription: "Change its name, description and the addresses it may be used from.",
  noDescription: "No description.",
  loading: "Loading the token’s details…",
  tryAgain: "Try again",
  edit: "Edit",
  body: "Token details",
  allowedIps: "Allowed IPs",
  inTheConsole: "In the console",
  recentAddresses: "Recent addresses",
  recentCaption: "The last addresses this token was used from",
} as const;
