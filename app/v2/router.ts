import { Hono } from "hono";
import { API_OPERATIONS } from "@/lib/api/operations";
import { apiError, MESSAGES, noSuchEndpoint } from "@/lib/api/responses";
import { countTokensByState } from "@/lib/dal/token-states";
import { provideTokenStates } from "@/lib/server/metrics.mjs";
import * as accountInfo from "@/app/v2/account/info/route";
import * as keys from "@/app/v2/api/route";
import * as key from "@/app/v2/api/[id]/route";
import * as deleteKey from "@/app/v2/api/[id]/delete/route";
import * as rollKey from "@/app/v2/api/[id]/roll/route";
import * as narrowKey from "@/app/v2/api/[id]/narrow/route";
import * as disableKey from "@/app/v2/api/[id]/disable/route";
import * as enableKey from "@/app/v2/api/[id]/enable/route";
import * as keyUsage from "@/app/v2/api/[id]/usage/route";
import * as keyRequests from "@/app/v2/api/[id]/requests/route";
import * as generateKey from "@/app/v2/api/generate/route";
import * as ownKey from "@/app/v2/api/self/route";
import * as forward from "@/app/v2/auth/forward/route";
import * as introspection from "@/app/v2/tokens/introspect/route";
import * as revokeCredentials from "@/app/v2/credentials/revoke/route";
import * as githubScanning from "@/app/v2/secret-scanning/github/route";
import * as openApi from "@/app/v2/openapi.json/route";

// The platform API served by our own server, before Next.js (scripts/server.mjs): the token-
// checking paths are on every request of every service behind forward auth, and Next.js's
// request pipeline costs them some fifty times what the check itself does. The handlers are the
// route modules beside this file, unchanged (Next.js serves the same modules in development);
// the table is the documented operations (lib/api/operations.ts, which the OpenAPI document is
// made of), so a route cannot be served undocumented nor documented unserved.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
type RouteModule = Record<string, unknown>;

const MODULES: Record<string, RouteModule> = {
  "/account/info": accountInfo,
  "/api": keys,
  "/api/{id}": key,
  "/api/{id}/delete": deleteKey,
  "/api/{id}/roll": rollKey,
  "/api/{id}/narrow": narrowKey,
  "/api/{id}/disable": disableKey,
  "/api/{id}/enable": enableKey,
  "/api/{id}/usage": keyUsage,
  "/api/{id}/requests": keyRequests,
  "/api/generate": generateKey,
  "/api/self": ownKey,
  "/auth/forward": forward,
  "/tokens/introspect": introspection,
  "/credentials/revoke": revokeCredentials,
  "/secret-scanning/github": githubScanning,
  "/openapi.json": openApi,
};

/** Forward auth takes any method: a proxy may ask with the original request's. */
const ANY_METHOD = new Set(["/auth/forward"]);

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

export function apiRouter(): Hono {
  // The metrics' tokens-by-state gauge counts through the data layer, loaded here (and in
  // instrumentation.ts for Next.js's copy): the metrics themselves live below it, in lib/server.
  provideTokenStates(countTokensByState);
  for (const op of API_OPERATIONS) {
    const methods = ANY_METHOD.has(op.path) ? METHODS : [op.method.toUpperCase()];
    for (const method of methods)
      if (typeof MODULES[op.path]?.[method] !== "function") throw new Error(`${method} ${op.path} is documented but has no handler`);
  }
  if (Object.keys(MODULES).length !== new Set(API_OPERATIONS.map((op) => op.path)).size)
    throw new Error("a route module is served but not documented");
  const app = new Hono({ strict: true });
  // Every method a module exports (the ones it does not serve answer no_such_endpoint), static
  // paths before those with a parameter: as Next.js's folders rank, /v2/api/generate is never
  // /v2/api/{id} with id "generate", whatever the method.
  const ranked = Object.entries(MODULES).sort(([a], [b]) => Number(a.includes("{")) - Number(b.includes("{")));
  for (const [route, handlers] of ranked) {
    const path = `/v2${route.replace(/\{(\w+)\}/g, ":$1")}`;
    for (const method of METHODS) {
      const handler = handlers[method] as Handler | undefined;
      if (typeof handler !== "function") continue;
      app.on(method, path, (c) => handler(c.req.raw, { params: Promise.resolve(c.req.param() as Record<string, string>) }));
    }
  }
  // Anything else under /v2 is no endpoint, in the API's dialect (as the catch-all route says in Next.js).
  app.all("/v2/*", () => noSuchEndpoint());
  app.all("/v2", () => noSuchEndpoint());
  app.onError(() => apiError(500, MESSAGES.internal));
  return app;
}
