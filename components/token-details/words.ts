// The words of the token details panel, the owner's and the admin's, that the tests look for
// too. A plain module, so that Playwright can import it.
import { formatCount } from "@/lib/model";

export const DETAILS_WORDS = {
  loadingTitle: "Token details",
  editTitle: (name: string) => `Edit “${name}”`,
  editDescription: "Change its name, description, the addresses it may be used from and its limits.",
  noDescription: "No description.",
  loading: "Loading the token’s details…",
  tryAgain: "Try again",
  edit: "Edit",
  body: "Token details",
  allowedIps: "Allowed IPs",
  rateLimit: "Rate limit",
  perMinute: (limit: number) => `${formatCount(limit)} requests per minute`,
  installationRate: "The installation’s limit",
  quota: "Quota",
  quotaLeft: (remaining: number, quota: number) => `${formatCount(remaining)} of ${formatCount(quota)} left`,
  quotaSpent: "Spent: requests are refused until it is refilled (Edit).",
  noQuota: "No quota",
  inTheConsole: "In the console",
  recentAddresses: "Recent addresses",
  recentCaption: "The last addresses this token was used from",
  permissions: "Permissions",
  /** Its requests: the chart, the top lists, the request log. */
  activity: "Activity",
  /** Its audit events. */
  history: "History",
  permissionsList: "Permissions, by resource",
  grantNote: {
    READ_ONLY: "Read-Only holds every read, on every resource, resources added later included.",
    WRITE: "Write holds everything, on every resource, resources added later included.",
    CUSTOM: "A Custom token holds exactly these. They never widen; they may narrow.",
  },
  levels: { read: "Read", write: "Write" },
  used: (ago: string) => `Used ${ago}`,
  notUsed: "Not used in the last 30 days",
  notRecorded: "Use not recorded here",
  unrecordedNote:
    "The platform’s services do not yet report to this console when a token uses them: their permissions are shown, and Remove unused permissions keeps them.",
  keptWithWrite: "kept with write",
  usedNone: "This token used none of its permissions in the last 30 days.",
  unused: (count: number) =>
    count === 1 ? "1 permission was not used in the last 30 days." : `${count} permissions were not used in the last 30 days.`,
} as const;
