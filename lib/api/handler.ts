import "server-only";
import type { ApiPrincipal } from "@/lib/dal/tokens";
import { OWN_RECORD, PERMISSION, type Permission } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { temporaryFailure } from "@/lib/server/busy";
import { log } from "@/lib/server/log";
import { countDatabaseError } from "@/lib/server/metrics.mjs";
import { answered, authenticate, type Subject, type Verdict } from "@/lib/api/authority";
import { apiError, MESSAGES } from "@/lib/api/responses";

export type ApiContext<P> = { request: Request; principal: ApiPrincipal; params: P };

/** Whether a route's declaration names a permission of the catalogue: a route that does not is refused to every token. */
const declared = (permission: string) =>
  permission === OWN_RECORD ||
  (PERMISSION.test(permission) && resourceCatalogue().some((resource) => resource.id === permission.slice(0, permission.indexOf(":"))));

/**
 * Every /v2 route that needs a token is built with this, so authentication happens one way, and
 * declares there the permission it needs ("api_keys:write"), or OWN_RECORD for a route that tells
 * the calling token about itself; the checks are the authentication
 * core's (lib/api/authority.ts), the same as forward auth's and introspection's.
 */
export function apiRoute<P = Record<string, never>>(
  permission: Permission | typeof OWN_RECORD,
  handler: (context: ApiContext<P>) => Promise<Response>,
) {
  let known: boolean | undefined;
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    let judged: { subject: Subject; verdict: Verdict } | undefined;
    try {
      known ??= declared(permission);
      const path = new URL(request.url).pathname;
      const subject: Subject = { method: request.method, path, target: request.url, permission: known ? permission : null };
      const verdict = await authenticate(request, subject);
      judged = { subject, verdict };
      if (!verdict.ok) return answered(request, subject, verdict, verdict.response);
      const { principal } = verdict;
      // Next.js passes no params at all (undefined, not a promise of {}) to a route without a dynamic segment.
      const params = await context.params;
      // No key's id holds a NUL, and PostgreSQL cannot even compare one (a 500): such an id names nothing.
      if (Object.values(params ?? {}).some((value) => typeof value === "string" && value.includes("\u0000")))
        return answered(request, subject, verdict, apiError(404, MESSAGES.notFound));
      return answered(request, subject, verdict, await handler({ request, principal, params }));
    } catch (error) {
      const response = failure(request, error);
      return judged ? answered(request, judged.subject, judged.verdict, response) : response;
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
    countDatabaseError(temporary.kind);
    log.warn(`api.database_${temporary.kind}`, { path, error: String(error) });
    return apiError(503, MESSAGES[temporary.kind], { "Retry-After": String(temporary.retryAfterSeconds) });
  }
  log.error("api.failed", { path, error: String(error) });
  return apiError(500, MESSAGES.internal);
}
