import "server-only";
import { recordExpiredUse } from "@/lib/dal/token-lifecycle";
import { findTokenByHash, type ApiPrincipal } from "@/lib/dal/tokens";
import { notePermissionUse, noteTokenUse } from "@/lib/dal/last-used";
import { recordRequest } from "@/lib/dal/activity-recorder";
import type { Outcome } from "@/lib/activity";
import { allowedIpsFromStored, compileAllowedIps } from "@/lib/ip-allowlist";
import { expandGrant, grantCovers, OWN_RECORD } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { env } from "@/lib/server/config.mjs";
import { countAuthOutcome, type AuthReason } from "@/lib/server/metrics.mjs";
import { secrets } from "@/lib/server/secrets.mjs";
import { noteRequestActor, requestStore } from "@/lib/server/request-store.mjs";
import { addressKey, createLimiter } from "@/lib/server/rate-limit";
import { clientIp, requestMeta } from "@/lib/server/request-context";
import { hashToken, isWellFormedToken } from "@/lib/server/token-format";
import { holdsToken } from "@/lib/server/request-checks.mjs";
import { refuseRequest, type DenialReason } from "@/lib/api/denials";
import { consumeTokenAllowance } from "@/lib/api/token-limits";
import { MESSAGES, missingPermissions, tooManyRequests, unauthenticated } from "@/lib/api/responses";

// The one authentication core. Every path that checks a token runs these checks, in this order,
// and nowhere else: the /v2 routes (lib/api/handler.ts), forward auth for the reverse proxies in
// front of the platform's services (lib/api/forward-auth.ts) and introspection's caller
// (lib/api/introspection.ts).
//   1. the address is not throttled for failed authentications;
//   2. shape and checksum (a junk token costs no read), then one lookup by HMAC;
//   3. expiry, then the token's state (disabled, pending approval, denied: 401, each with its code);
//   4. the token's allowed IPs, against the original client's address as our server worked it
//      out (from trusted proxies only), never a header the client wrote;
//   5. the permission the request needs (none: no rule covers it, refused; OWN_RECORD, the
//      token's own record: every valid token may read it, and no permission's use is noted);
//   6. the per-token rate limit and quota (lib/api/token-limits.ts);
//   7. last use and the permission's use, noted in memory and written in batches.
// Refusals after the lookup are audited as `api.denied` (lib/api/denials.ts). Every request whose
// token was found, refused or not, is counted for its Activity once it is answered (answered()).

// Failed authentications per address (guessing tokens); requests per token are lib/api/token-limits.ts's.
const failedAuthPerIp = createLimiter({
  keyPrefix: "api-auth-fail",
  points: env().API_AUTH_FAILURES_PER_IP,
  durationSeconds: 5 * 60,
});

/** What is being asked: the request as the client sent it (for forward auth, the original one). */
export type Subject = {
  method: string;
  /** The path, without its query: what an audit event names. */
  path: string;
  /** The whole target, query included: a token in it has leaked into logs already. */
  target: string;
  /**
   * The permission it needs; null when nothing grants it (an unknown route, no rule): refused to
   * every token; OWN_RECORD: the token asks about itself, which any valid token may.
   */
  permission: string | null;
  /** How a refusal names the path in the audit log ("forward auth"). */
  via?: string;
};

/** A refusal after the lookup names its token and how the request ended: it counts in the token's Activity. */
export type Verdict =
  | { ok: true; principal: ApiPrincipal; ip: string }
  | { ok: false; response: Response }
  | { ok: false; response: Response; principal: ApiPrincipal; ip: string; outcome: Outcome };

export function bearerToken(headers: Headers): string | null {
  const header = headers.get("authorization");
  const match = header?.match(/^Bearer ([^\s]+)$/i);
  return match?.[1] ?? null;
}

/** Allowed-IP lists as matchers, compiled once per distinct list (a list is parsed on its first request, not on each). */
const matchers = new Map<string, (ip: string) => boolean>();
function allowedFrom(stored: string, ip: string): boolean {
  let matcher = matchers.get(stored);
  if (!matcher) {
    if (matchers.size >= 1_000) matchers.clear();
    matcher = compileAllowedIps(allowedIpsFromStored(stored));
    matchers.set(stored, matcher);
  }
  return matcher(ip);
}

/**
 * The token a secret opens, or null: shape and checksum first (no read for junk), then the lookup.
 * Says nothing of expiry: the caller decides what an expired token means to it.
 */
export async function tokenOfSecret(secret: string | null | undefined): Promise<ApiPrincipal | null> {
  if (!secret || !isWellFormedToken(secret)) return null;
  return findTokenByHash(hashToken(secret, secrets().tokenPepper));
}

/** A Custom grant's set as a list, made once per distinct set (the lookup holds one set per distinct list). */
const customLists = new WeakMap<ReadonlySet<string>, readonly string[]>();
/** Every permission a token holds now: what forward auth and introspection tell of it. No copy per request. */
export function grantedPermissions(principal: ApiPrincipal): readonly string[] {
  if (principal.scope !== "CUSTOM") return expandGrant({ scope: principal.scope, permissions: [] }, resourceCatalogue());
  let list = customLists.get(principal.permissions);
  if (!list) customLists.set(principal.permissions, (list = [...principal.permissions]));
  return list;
}

/** Why a token that is not active is refused: each state its own code (token_disabled, token_pending_approval, token_denied). */
const STATE_MESSAGES: Record<string, string> = {
  disabled: MESSAGES.disabled,
  pending: MESSAGES.pendingApproval,
  denied: MESSAGES.denied,
};

export const isExpired = (principal: ApiPrincipal, now = Date.now()) => principal.expiresAt !== null && principal.expiresAt <= now;

/**
 * Authenticates `request`'s bearer token for `subject`. Missing, malformed, unknown and deleted
 * tokens all get one 401; the caller answers `response` as it is.
 */
export async function authenticate(request: Request, subject: Subject): Promise<Verdict> {
  const ip = clientIp(request.headers);
  const address = addressKey(ip);
  const blockedFor = await failedAuthPerIp.blockedFor(address);
  if (blockedFor) {
    countAuthOutcome("throttled");
    return { ok: false, response: tooManyRequests(MESSAGES.tooManyFailures, blockedFor) };
  }

  const secret = bearerToken(request.headers);
  const principal = secret && !holdsToken(subject.target) ? await tokenOfSecret(secret) : null;
  if (!principal) {
    await failedAuthPerIp.consume(address);
    countAuthOutcome("unauthenticated");
    return { ok: false, response: unauthenticated() };
  }
  noteRequestActor({ userId: principal.userId, tokenId: principal.tokenId });
  const described = `${subject.method} ${subject.path}${subject.via ? ` (${subject.via})` : ""}`;
  // Expired: refused everywhere. The caller holds the token, so saying so reveals nothing.
  if (isExpired(principal)) {
    if (!principal.expiredUseAudited) await recordExpiredUse(principal, described, requestMeta(request.headers));
    countAuthOutcome("expired");
    return { ok: false, response: unauthenticated(MESSAGES.expired), principal, ip, outcome: "expired" };
  }

  const refuse = async (reason: DenialReason & AuthReason, detail: string, answer: string | (() => Response)): Promise<Verdict> => {
    const response = await refuseRequest(request, principal, reason, detail, answer);
    countAuthOutcome(reason);
    return {
      ok: false,
      response,
      principal,
      ip,
      outcome: reason === "address" ? "denied_address" : reason === "state" ? "disabled" : "denied_permission",
    };
  };
  // Read by the same lookup (no query of its own, no cache): a Disable is seen by the next request on every instance.
  if (principal.status !== "active") {
    const message = STATE_MESSAGES[principal.status] ?? MESSAGES.disabled;
    return refuse("state", `${described}: token ${principal.status}`, () => unauthenticated(message));
  }
  if (principal.allowedIps && !allowedFrom(principal.allowedIps, ip))
    return refuse("address", `${described}: address not in the token's allowed IPs`, MESSAGES.forbiddenAddress);

  const { permission } = subject;
  if (permission === null) return refuse("endpoint", described, subject.via ? MESSAGES.noRule : MESSAGES.notAvailable);
  if (permission !== OWN_RECORD && !grantCovers(principal, permission))
    return refuse("scope", `${described}: lacks ${permission}`, () => missingPermissions([permission]));

  const limited = await consumeTokenAllowance(principal);
  if (limited) {
    countAuthOutcome("rate_limited");
    return { ok: false, response: limited, principal, ip, outcome: "rate_limited" };
  }

  const now = Date.now();
  noteTokenUse(principal.tokenId, ip, request.headers.get("user-agent"), principal, now);
  if (permission !== OWN_RECORD) notePermissionUse(principal.tokenId, permission, now);
  countAuthOutcome("ok");
  return { ok: true, principal, ip };
}

/**
 * The answer to a request `authenticate` judged, as it goes out: counted in its token's Activity
 * and logged there (no write here: lib/dal/activity-recorder.ts batches them). Requests without a
 * known token (junk, unknown, throttled addresses) belong to no token and are not counted.
 */
export function answered(request: Request, subject: Subject, verdict: Verdict, response: Response): Response {
  if (!("principal" in verdict)) return response;
  recordRequest({
    tokenId: verdict.principal.tokenId,
    at: Date.now(),
    method: subject.method,
    path: subject.path,
    status: response.status,
    outcome: verdict.ok ? "ok" : verdict.outcome,
    // The own record is no permission: it counts in no permission's Activity.
    permission: subject.permission === OWN_RECORD ? null : subject.permission,
    ip: verdict.ip,
    userAgent: request.headers.get("user-agent"),
    requestId: requestStore.getStore()?.id ?? "",
  });
  return response;
}
