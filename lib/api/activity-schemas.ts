import { z } from "zod";
import { DIMENSIONS, OUTCOMES, USAGE_WINDOWS } from "@/lib/activity";

// The shapes of GET /v2/api/{id}/usage and /requests: what the key's Activity panel shows, for programs.

const outcome = z.enum(OUTCOMES).meta({ description: "How the request ended: ok, or why it was refused." });
const counts = z.object(Object.fromEntries(OUTCOMES.map((o) => [o, z.number().int()])) as Record<(typeof OUTCOMES)[number], z.ZodNumber>);
const ranked = z.array(z.object({ value: z.string(), count: z.number().int() }));

export const usageQuery = z.object({
  window: z
    .enum(USAGE_WINDOWS)
    .default("24h")
    .meta({ description: "The last 24 hours (hourly bars), 7 days (6-hour bars) or 30 days (daily bars)." }),
});

export const usageResponse = z
  .object({
    status: z.literal("success"),
    window: z.enum(USAGE_WINDOWS),
    bucket_seconds: z.number().int(),
    total: z.number().int(),
    totals: counts,
    buckets: z.array(z.object({ start: z.string().meta({ description: "ISO 8601, UTC" }), counts })),
    top: z.object(Object.fromEntries(DIMENSIONS.map((d) => [d, ranked])) as Record<(typeof DIMENSIONS)[number], typeof ranked>),
  })
  .meta({ id: "ApiKeyUsage" });

export const requestsQuery = z.object({
  outcome: outcome.optional(),
  cursor: z.string().max(80).optional().meta({ description: "`next` of the previous page." }),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const requestsResponse = z
  .object({
    status: z.literal("success"),
    requests: z.array(
      z.object({
        id: z.string(),
        at: z.string().meta({ description: "ISO 8601, UTC" }),
        method: z.string(),
        path: z.string().meta({ description: "Without its query string." }),
        status: z.number().int(),
        outcome,
        ip: z.string(),
        client: z.string().meta({ description: 'The User-Agent, described ("Go SDK", "curl 8.5.0").' }),
        request_id: z.string(),
      }),
    ),
    next: z.string().nullable().meta({ description: "The cursor of the next (older) page; null on the last." }),
  })
  .meta({ id: "ApiKeyRequests" });
