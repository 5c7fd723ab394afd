// The words of a token's Activity (its details panel) and of the admin Overview's charts, that
// the tests look for too. A plain module, so that Playwright can import it.
import { WINDOWS, type UsageWindow } from "@/lib/activity";

export const ACTIVITY_WORDS = {
  title: "Activity",
  window: "Time window",
  loading: "Loading the activity…",
  failed: "The activity could not be read.",
  tryAgain: "Try again",
  legend: "Requests by outcome",
  chart: (window: UsageWindow) => `Requests over the last ${WINDOWS[window].label}, by outcome`,
  refusalsChart: (window: UsageWindow) => `Refusals over the last ${WINDOWS[window].label}, by reason`,
  noRefusals: (window: UsageWindow) => `No refusals in ${WINDOWS[window].label}`,
  // Not "Top permissions": the panel's own Permissions heading must stay the one so named.
  top: {
    permission: "By permission",
    address: "By address",
    client: "By client",
    status: "By status",
  },
  topNone: "None",
  log: "Request log",
  logCaption: "The token’s last requests, newest first",
  filterOutcome: "Filter by outcome",
  allOutcomes: "All outcomes",
  logEmpty: "No requests recorded.",
  logEmptyFiltered: "No requests with this outcome.",
  logFailed: "The request log could not be read.",
  older: "Older requests",
  requestId: "Request ID",
  status: "Status",
  address: "Address",
  client: "Client",
  unknownClient: "Unknown client",
} as const;
