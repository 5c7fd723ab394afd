// What a token did, as the console and the API show it: the outcomes a request is counted by,
// the windows a chart covers, and the shapes the Activity panel, the admin Overview and
// GET /v2/api/{id}/usage|requests answer. Client-safe: no server import.

import { formatCount } from "@/lib/model";

/** How an authenticated request ended, in the order a chart stacks them. `rate_limited` is any 429 of the token's own: its rate limit, or its quota spent (code usage_exceeded). `disabled`: the token's state refused it (disabled, pending approval, denied). */
export const OUTCOMES = ["ok", "denied_permission", "denied_address", "rate_limited", "expired", "disabled"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const isOutcome = (value: unknown): value is Outcome => typeof value === "string" && (OUTCOMES as readonly string[]).includes(value);

/** The outcomes a person reads (the chart's legend, the log's filter). */
export const OUTCOME_LABELS: Record<Outcome, string> = {
  ok: "Allowed",
  denied_permission: "Refused: permission",
  denied_address: "Refused: address",
  rate_limited: "Limited: rate or quota",
  expired: "Expired",
  disabled: "Refused: disabled or not approved",
};

/** The windows a chart covers, and the width of its bars. */
export const WINDOWS = {
  "24h": { label: "24 hours", spanMs: 24 * 3_600_000, bucketMs: 3_600_000 },
  "7d": { label: "7 days", spanMs: 7 * 86_400_000, bucketMs: 6 * 3_600_000 },
  "30d": { label: "30 days", spanMs: 30 * 86_400_000, bucketMs: 86_400_000 },
} as const;
export type UsageWindow = keyof typeof WINDOWS;
export const USAGE_WINDOWS = Object.keys(WINDOWS) as UsageWindow[];
export const isUsageWindow = (value: unknown): value is UsageWindow => typeof value === "string" && Object.hasOwn(WINDOWS, value);

/** What a request is counted by, besides its outcome (the "top" lists). */
export const DIMENSIONS = ["permission", "status", "address", "client"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type OutcomeCounts = Record<Outcome, number>;
export const noCounts = (): OutcomeCounts => ({ ok: 0, denied_permission: 0, denied_address: 0, rate_limited: 0, expired: 0, disabled: 0 });

/** One bar: the bucket's start (ISO 8601) and its requests by outcome. Every bucket of the window is there, empty ones included. */
export type UsageBucket = { start: string; counts: OutcomeCounts };
export type Ranked = Array<{ value: string; count: number }>;

/** A token's usage over a window: the chart's bars, the totals, and the top five of each dimension. */
export type TokenUsage = {
  window: UsageWindow;
  /** The width of a bar, in seconds. */
  bucketSeconds: number;
  buckets: UsageBucket[];
  total: number;
  totals: OutcomeCounts;
  top: Record<Dimension, Ranked>;
};

/** One line of a token's request log. Never a secret, never a query string. */
export type RequestLine = {
  id: string;
  at: string;
  method: string;
  path: string;
  status: number;
  outcome: Outcome;
  ip: string;
  client: string;
  requestId: string;
};

/** The admin Overview: every token's requests together, refusals by reason, and the most active tokens. */
export type ActivityOverview = {
  window: UsageWindow;
  bucketSeconds: number;
  buckets: UsageBucket[];
  total: number;
  totals: OutcomeCounts;
  /** The tokens with the most requests in the window (live tokens only), most first. */
  mostActive: Array<{ id: string; name: string; displayPrefix: string; ownerEmail: string; count: number }>;
};

/** "1,240 requests in 24 hours, 3 refused": the chart's text for screen readers, and its caption. */
export function usageSummary(usage: Pick<TokenUsage, "window" | "total" | "totals">): string {
  const refused = usage.total - usage.totals.ok;
  const requests = `${formatCount(usage.total)} ${usage.total === 1 ? "request" : "requests"} in ${WINDOWS[usage.window].label}`;
  return usage.total === 0 ? `No requests in ${WINDOWS[usage.window].label}` : `${requests}, ${formatCount(refused)} refused`;
}

/** The two choices of the Overview's list of unused tokens (here, not beside their schema: the list's page loads no zod). */
export const UNUSED_DAYS = [30, 90] as const;
export type UnusedDays = (typeof UNUSED_DAYS)[number];
