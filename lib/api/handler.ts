import "server-only";
import { recordExpiredUse } from "@/lib/dal/token-lifecycle";
import { findTokenByHash, type ApiPrincipal } from "@/lib/dal/tokens";
import { allowedIpsFromStored, compileAllowedIps } from "@/lib/ip-allowlist";
import { grantCovers, PERMISSION, type Permission } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { env } from "@/lib/server/config.mjs";
import { secrets } from "@/lib/server/secrets.mjs";
import { notePermissionUse, noteTokenUse } from "@/lib/dal/last-used";
import { temporaryFailure } from "@/lib/server/busy";
import { log } from "@/lib/server/log";
import { noteRequestActor } from "@/lib/server/request-store.mjs";
import { addressKey, createLimiter } from "@/lib/server/rate-limit";
import { clientIp, requestMeta } from "@/lib/server/request-context";
import { hashToken, isWellFormedToken } from "@/lib/server/token-format";
import { holdsToken } from "@/lib/server/request-checks.mjs";
import { refuseRequest, type DenialReason } from "@/lib/api/denials";
import { apiError, MESSAGES, missingPermissions, tooManyRequests, unauthenticated } from "@/lib/api/responses";

// Failed authentications per address (guessing tokens), and requests per token (a runaway script).
const failedAuthPerIp = createLimiter({
  keyPrefix: "api-auth-fail",
  points: env().API_AUTH_FAILURES_PER_IP,
  durationSeconds: 5 * 60,
});
const requestsPerToken = createLimiter({
  keyPrefix: "api-token",
  points: env().API_REQUESTS_PER_TOKEN_PER_MINUTE,
  durationSeconds: 60,
});

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header?.match(/^Bearer ([^\s]+)$/i);
  return match?.[1] ?? null;
}

/** "GET /v2/api": what an audit event says a refused request was. */
const describeRequest = (request: Request) => `${request.method} ${new URL(request.url).pathname}`;

/** A token in the URL has already leaked into logs: refuse it, whatever the header says. No path holds the prefix. */
const tokenInUrl = (request: Request) => holdsToken(request.url);

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

export type ApiContext<P> = { request: Request; principal: ApiPrincipal; params: P };

/** Whether a route's declaration names a permission of the catalogue: a route that does not is refused to every token. */
const declared = (permission: string) =>
  PERMISSION.test(permission) && resourceCatalogue().some((resource) => resource.id === permission.slice(0, permission.indexOf(":")));

/**
 * Every /v2 route that needs a token is built with this, so authentication happens one way, and
 * declares there the permission it needs ("api_keys:write"). A junk token costs no query (shape
 * and checksum first); the allowed IPs are matched against the address our server worked out,
 * never a header the client wrote; the grant is checked from the row the lookup read, without
 * another query. Missing, malformed, unknown and deleted tokens all get one 401.
 */
export function apiRoute<P = Record<string, never>>(permission: Permission, handler: (context: ApiContext<P>) => Promise<Response>) {
  let known: boolean | undefined;
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const ip = clientIp(request.headers);
      const address = addressKey(ip);
      const blockedFor = await failedAuthPerIp.blockedFor(address);
      if (blockedFor) return tooManyRequests(MESSAGES.tooManyFailures, blockedFor);

      const token = bearerToken(request);
      const principal =
        token && !tokenInUrl(request) && isWellFormedToken(token) ? await findTokenByHash(hashToken(token, secrets().tokenPepper)) : null;
      if (!principal) {
        await failedAuthPerIp.consume(address);
        return unauthenticated();
      }
      noteRequestActor({ userId: principal.userId, tokenId: principal.tokenId });
      // Expired: refused on every route. The caller holds the token, so saying so reveals nothing.
      if (principal.expiresAt !== null && principal.expiresAt <= Date.now()) {
        if (!principal.expiredUseAudited) await recordExpiredUse(principal, describeRequest(request), requestMeta(request.headers));
        return unauthenticated(MESSAGES.expired);
      }

      const refuse = (reason: DenialReason, detail: string, answer: string | (() => Response)) =>
        refuseRequest(request, principal, reason, detail, answer);
      if (principal.allowedIps && !allowedFrom(principal.allowedIps, ip))
        return await refuse("address", `${describeRequest(request)}: address not in the token's allowed IPs`, MESSAGES.forbiddenAddress);

      known ??= declared(permission);
      if (!known) return await refuse("endpoint", describeRequest(request), MESSAGES.notAvailable);
      if (!grantCovers(principal, permission))
        return await refuse("scope", `${describeRequest(request)}: lacks ${permission}`, () => missingPermissions([permission]));

      const wait = await requestsPerToken.consume(principal.tokenId);
      if (wait) return tooManyRequests(MESSAGES.tooManyRequests, wait);

      const now = Date.now();
      noteTokenUse(principal.tokenId, ip, request.headers.get("user-agent"), principal, now);
      notePermissionUse(principal.tokenId, permission, now);
      // Next.js passes no params at all (undefined, not a promise of {}) to a route without a dynamic segment.
      const params = await context.params;
      // No key's id holds a NUL, and PostgreSQL cannot even compare one (a 500): such an id names nothing.
      if (Object.values(params ?? {}).some((value) => typeof value === "string" && value.includes("\u0000")))
        return apiError(404, MESSAGES.notFound);
      return await handler({ request, principal, params });
    } catch (error) {
      return failure(request, error);
    }
  };
}

/**
 * A /v2 route that takes no token (the public revocation endpoint, GitHub's secret scanning):
 * its own checks, and the same answer as every other route when something fails.
 */
export function publicApiRoute(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      return failure(request, error);
    }
  };
}

function failure(request: Request, error: unknown): Response {
  const path = new URL(request.url).pathname;
  const temporary = temporaryFailure(error);
  if (temporary) {
    log.warn(`api.database_${temporary.kind}`, { path, error: String(error) });
    return apiError(503, MESSAGES[temporary.kind], { "Retry-After": String(temporary.retryAfterSeconds) });
  }
  log.error("api.failed", { path, error: String(error) });
  return apiError(500, MESSAGES.internal);
}
