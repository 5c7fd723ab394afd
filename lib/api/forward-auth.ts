import "server-only";
import { tokenOwnerId, type ApiPrincipal } from "@/lib/dal/tokens";
import { routeRules } from "@/lib/server/permission-catalogue.mjs";
import { log } from "@/lib/server/log";
import { clientIp, viaTrustedProxy } from "@/lib/server/request-context";
import { answered, authenticate, grantedPermissions, type Subject } from "@/lib/api/authority";
import { apiError, apiSuccess, MESSAGES } from "@/lib/api/responses";

// Forward auth: a reverse proxy in front of the platform's services (nginx `auth_request`, Caddy
// `forward_auth`, Traefik ForwardAuth) asks, before it forwards a request, whether the request's
// token may make it. The permission comes from the catalogue's route rules (deny by default); the
// checks are the authentication core's; the address is the original client's, as the proxy told
// our server (X-Forwarded-For, believed from TRUST_PROXY only). deploy/ holds the proxies' files.

/** The header a refusal repeats its JSON body in: nginx's auth_request passes no body on, only headers (deploy/nginx). */
export const ERROR_HEADER = "X-Token-Error";
const METHOD = /^[A-Z]{1,16}$/;

/**
 * The original request's method and URI, or null. nginx's snippet sets X-Original-*, Caddy and
 * Traefik set X-Forwarded-*, and each passes a client's copy of the other pair on as it is: a
 * client that adds it must not choose the request judged (a dns:read token sending
 * "X-Original-URI: /v2/dns/zones" through Caddy would DELETE /v2/cloud/...). One whole pair, and
 * where both pairs are sent, they agree; anything else is no original request.
 */
function originalRequest(headers: Headers): { method: string; target: string } | null {
  const pairs = [
    [headers.get("x-original-method"), headers.get("x-original-uri")],
    [headers.get("x-forwarded-method"), headers.get("x-forwarded-uri")],
  ].filter(([method, target]) => method || target);
  if (pairs.length === 0) return null;
  const [[method, target] = []] = pairs;
  if (!method || !target) return null;
  for (const [otherMethod, otherTarget] of pairs)
    if (otherMethod?.toUpperCase() !== method.toUpperCase() || otherTarget !== target) return null;
  return { method: method.toUpperCase(), target };
}

/** A refusal as the proxies need it: the status and body for Caddy (which shows them as they are), the body in a header for nginx. */
async function refusal(response: Response): Promise<Response> {
  const body = await response.text();
  const headers = new Headers(response.headers);
  headers.set(ERROR_HEADER, body);
  return new Response(body, { status: response.status, headers });
}

/** The space-separated list a proxy passes on, joined once per distinct grant: forward auth answers it on every request. */
const joined = new WeakMap<readonly string[], string>();
function permissionsHeader(principal: ApiPrincipal): string {
  const held = grantedPermissions(principal);
  let header = joined.get(held);
  if (header === undefined) joined.set(held, (header = held.join(" ")));
  return header;
}

/** When an untrusted peer was last logged: the operator learns why proxies get 403, once a minute, not once a request. */
let untrustedLoggedAt = 0;

export async function forwardAuth(request: Request): Promise<Response> {
  if (!viaTrustedProxy(request.headers)) {
    const now = Date.now();
    if (now - untrustedLoggedAt >= 60_000) {
      untrustedLoggedAt = now;
      log.warn("forward_auth.untrusted_peer", {
        ip: clientIp(request.headers),
        fix: "forward auth answers only a proxy TRUST_PROXY names: add this proxy's address to TRUST_PROXY",
      });
    }
    return refusal(apiError(403, MESSAGES.untrustedProxy));
  }
  const original = originalRequest(request.headers);
  if (!original || !METHOD.test(original.method)) return refusal(apiError(400, MESSAGES.noOriginalRequest));
  const { method, target } = original;
  const match = routeRules().match(method, target);
  if (!("path" in match)) return refusal(apiError(400, MESSAGES.badOriginalPath));

  const subject: Subject = {
    method,
    path: match.path.slice(0, 300),
    target,
    permission: "permission" in match ? match.permission : null,
    via: "forward auth",
  };
  const verdict = await authenticate(request, subject);
  if (!verdict.ok) return answered(request, subject, verdict, await refusal(verdict.response));
  const { principal } = verdict;
  return answered(
    request,
    subject,
    verdict,
    apiSuccess(
      {},
      {
        headers: {
          "X-Token-Id": principal.tokenId,
          "X-Token-User": tokenOwnerId(principal),
          ...(principal.team ? { "X-Token-Team": principal.team.id } : {}),
          "X-Token-Permissions": permissionsHeader(principal),
        },
      },
    ),
  );
}
