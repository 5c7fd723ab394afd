import "server-only";
import type { ApiPrincipal } from "@/lib/dal/tokens";
import { noteQuotaSpend } from "@/lib/dal/quota-spends";
import { apiError, MESSAGES, tooManyRequests } from "@/lib/api/responses";
import { env } from "@/lib/server/config.mjs";
import { quotaCounter } from "@/lib/server/quota";
import { createLimiter, type Limiter } from "@/lib/server/rate-limit";

// A token's own limits, the last check of the authentication core (lib/api/authority.ts), so that
// only a request that passed every other check counts against them:
//   - requests per minute: the token's own limit where it has one, never above the installation's
//     (API_REQUESTS_PER_TOKEN_PER_MINUTE); 429 rate_limited with Retry-After;
//   - its quota of requests, if it has one: each request allowed spends one (lib/server/quota.ts
//     counts, lib/dal/quota-spends.ts writes the row in batches); spent, 429 usage_exceeded, with
//     no Retry-After: waiting does not help, its owner's refill does.

const installationLimit = () => env().API_REQUESTS_PER_TOKEN_PER_MINUTE;

// One limiter per distinct limit: a handful serve every token. The installation's keeps its prefix,
// so that tokens without a limit of their own count as they always have.
const limiters = new Map<number, Limiter>();
function limiterFor(points: number): Limiter {
  let limiter = limiters.get(points);
  if (!limiter) {
    const own = points < installationLimit();
    limiter = createLimiter({ keyPrefix: own ? `api-token-${points}` : "api-token", points, durationSeconds: 60 });
    limiters.set(points, limiter);
  }
  return limiter;
}

/** The requests per minute a token may make: its own limit, at most the installation's. */
export const effectiveRateLimit = (principal: Pick<ApiPrincipal, "rateLimitPerMinute">) =>
  Math.min(principal.rateLimitPerMinute ?? Infinity, installationLimit());

/**
 * Whether the token has limits of its own. Such a token may not create keys (a new key, uncapped or
 * one of many, would take its place or refill it) nor change any key's limits (two capped keys
 * would refill each other): only its owner, or a key without limits, lifts a cap.
 */
export const hasOwnLimits = (principal: Pick<ApiPrincipal, "rateLimitPerMinute" | "quota">) =>
  principal.rateLimitPerMinute !== null || principal.quota !== null;

/** A 429 when the token is past its rate limit or has spent its quota; null when the request may go on. */
export async function consumeTokenAllowance(principal: ApiPrincipal): Promise<Response | null> {
  const wait = await limiterFor(effectiveRateLimit(principal)).consume(principal.tokenId);
  if (wait) return tooManyRequests(MESSAGES.tooManyRequests, wait);
  if (principal.quota === null) return null;
  const stored = { quota: principal.quota, remaining: principal.quotaRemaining ?? principal.quota };
  if (!(await quotaCounter().spend(principal.tokenId, stored))) return apiError(429, MESSAGES.usageExceeded, {}, "usage_exceeded");
  noteQuotaSpend(principal.tokenId);
  return null;
}
