// @ts-check
// Prometheus metrics (GET /metrics, docs/operations.md "Metrics"). One registry per process, on
// globalThis: the server (scripts/server.mjs), Next.js's bundle and the /v2 API's bundle
// (scripts/api.mjs) each load this file as a module of their own, and all three must count into
// the same series. Labels are small fixed sets (a route's template, a reason, an outcome): never a
// raw path, a token, a secret, an email or an address.
import crypto from "node:crypto";
import http from "node:http";
import client from "prom-client";

const KEY = Symbol.for("token-console.metrics");

/** How long a scrape's count of tokens by state is reused: scrapes cannot hammer the database. */
export const TOKEN_STATES_CACHE_MS = 15_000;
const TOKEN_STATES = ["active", "disabled", "pending", "denied"];

/** @typedef {() => Promise<Record<string, number>>} TokenStateSource */

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  /** @type {{ source?: TokenStateSource, at: number, counts?: Record<string, number>, pending?: Promise<void> }} */
  const tokenStates = { at: 0 };
  const registers = [registry];
  const metrics = {
    registry,
    tokenStates,
    requests: new client.Counter({
      name: "tkc_http_requests_total",
      help: "Requests answered, by method, route template and status code.",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    duration: new client.Histogram({
      name: "tkc_http_request_duration_seconds",
      help: "Time from a request's arrival to its answer's end, by method and route template.",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    auth: new client.Counter({
      name: "tkc_auth_outcomes_total",
      help: "Token authentications (the /v2 API, forward auth, introspection's caller), by outcome.",
      labelNames: ["reason"],
      registers,
    }),
    tokens: new client.Gauge({
      name: "tkc_tokens",
      help: `Tokens by state, counted at most every ${TOKEN_STATES_CACHE_MS / 1000} s.`,
      labelNames: ["state"],
      registers,
      async collect() {
        await refreshTokenStates(tokenStates);
        if (!tokenStates.counts) return;
        for (const state of new Set([...TOKEN_STATES, ...Object.keys(tokenStates.counts)]))
          this.set({ state }, tokenStates.counts[state] ?? 0);
      },
    }),
    revocations: new client.Counter({
      name: "tkc_token_revocations_total",
      help: "Tokens revoked (deleted), by who or what revoked them.",
      labelNames: ["reason"],
      registers,
    }),
    notices: new client.Counter({
      name: "tkc_notices_total",
      help: "Notification emails to token owners, by outcome.",
      labelNames: ["outcome"],
      registers,
    }),
    webhooks: new client.Counter({
      name: "tkc_webhook_deliveries_total",
      help: "Webhook deliveries, by outcome.",
      labelNames: ["outcome"],
      registers,
    }),
    jobs: new client.Counter({
      name: "tkc_job_runs_total",
      help: "Passes of the background jobs, by job and result.",
      labelNames: ["job", "result"],
      registers,
    }),
    databaseErrors: new client.Counter({
      name: "tkc_database_errors_total",
      help: "Requests and actions that met a database failure, by kind (busy: retry soon; unavailable: down or broken).",
      labelNames: ["kind"],
      registers,
    }),
    redisErrors: new client.Counter({
      name: "tkc_redis_errors_total",
      help: "Errors from Redis (connection or command); the limits count in memory meanwhile.",
      registers,
    }),
    /** Children by label values, so that the per-request path hashes no label object. */
    requestChildren: new Map(),
    durationChildren: new Map(),
  };
  for (const outcome of ["delivered", "failed", "refused", "disabled"]) metrics.webhooks.inc({ outcome }, 0);
  for (const outcome of ["sent", "failed"]) metrics.notices.inc({ outcome }, 0);
  metrics.redisErrors.inc(0);
  return metrics;
}

/** @typedef {ReturnType<typeof create>} Metrics */
const holder = /** @type {Record<symbol, Metrics | undefined>} */ (/** @type {unknown} */ (globalThis));
const metrics = () => (holder[KEY] ??= create());

/** @param {Metrics["tokenStates"]} cache */
function refreshTokenStates(cache) {
  if (!cache.source || Date.now() - cache.at < TOKEN_STATES_CACHE_MS) return cache.pending ?? Promise.resolve();
  cache.at = Date.now();
  const source = cache.source;
  // A failed count keeps the last one (the database's errors are counted where requests meet them).
  cache.pending = source()
    .then((counts) => void (cache.counts = counts))
    .catch(() => undefined)
    .finally(() => (cache.pending = undefined));
  return cache.pending;
}

/**
 * Where tokens by state are counted (lib/dal: the data layer's one grouped query). Set by the app
 * once loaded; until then the gauge has no series.
 * @param {TokenStateSource} source
 */
export function provideTokenStates(source) {
  metrics().tokenStates.source ??= source;
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

// The /v2 API's routes (app/v2/router.ts), as templates: an id in a path is never a label.
const API_ROUTES = new Set([
  "/v2/account/info",
  "/v2/api",
  "/v2/api/generate",
  "/v2/api/self",
  "/v2/auth/forward",
  "/v2/tokens/introspect",
  "/v2/credentials/revoke",
  "/v2/secret-scanning/github",
  "/v2/openapi.json",
]);
const API_KEY_ROUTE = /^\/v2\/api\/[^/]+(\/(delete|roll|narrow|disable|enable|usage|requests))?$/;

/**
 * The route a path is counted under: a template with a small, fixed set of values.
 * @param {string} pathname the request's path, without its query
 */
export function routeTemplate(pathname) {
  if (pathname === "/healthz" || pathname === "/readyz" || pathname === "/metrics") return pathname;
  if (pathname === "/v2" || pathname.startsWith("/v2/")) {
    if (API_ROUTES.has(pathname)) return pathname;
    const key = API_KEY_ROUTE.exec(pathname);
    if (key) return `/v2/api/{id}${key[1] ?? ""}`;
    return "/v2/other";
  }
  if (pathname.startsWith("/_next/")) return "_next";
  if (pathname === "/api" || pathname.startsWith("/api/")) return "/api";
  if (pathname.startsWith("/")) return "page";
  return "other";
}

/**
 * Counts one answered request (scripts/server.mjs, when its response closes).
 * @param {string | undefined} method @param {string} pathname @param {number} status @param {number} seconds
 */
export function observeRequest(method, pathname, status, seconds) {
  const m = metrics();
  const verb = method && METHODS.has(method) ? method : "other";
  const route = routeTemplate(pathname);
  const key = `${verb} ${route} ${status}`;
  let counter = m.requestChildren.get(key);
  if (!counter) m.requestChildren.set(key, (counter = m.requests.labels(verb, route, String(status))));
  counter.inc();
  const timed = `${verb} ${route}`;
  let histogram = m.durationChildren.get(timed);
  if (!histogram) m.durationChildren.set(timed, (histogram = m.duration.labels(verb, route)));
  histogram.observe(seconds);
}

/**
 * @typedef {"ok" | "unauthenticated" | "expired" | "state" | "address" | "endpoint" | "scope" | "rate_limited" | "throttled"} AuthReason
 * @param {AuthReason} reason
 */
export function countAuthOutcome(reason) {
  metrics().auth.inc({ reason });
}

/** @param {"owner" | "admin" | "leaked" | "offboarding"} reason @param {number} [count] */
export function countRevocation(reason, count = 1) {
  if (count > 0) metrics().revocations.inc({ reason }, count);
}

/** @param {"sent" | "failed"} outcome */
export function countNotice(outcome) {
  metrics().notices.inc({ outcome });
}

/** For the webhooks' sender: one call per delivery attempt's end. @param {"delivered" | "failed" | "refused" | "disabled"} outcome */
export function countWebhookDelivery(outcome) {
  metrics().webhooks.inc({ outcome });
}

/** @param {string} job @param {"ok" | "failed"} result */
export function countJobRun(job, result) {
  metrics().jobs.inc({ job, result });
}

/** @param {"busy" | "unavailable"} kind */
export function countDatabaseError(kind) {
  metrics().databaseErrors.inc({ kind });
}

export function countRedisError() {
  metrics().redisErrors.inc();
}

/** The text a scrape reads, and its content type. */
export async function metricsText() {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * Whether `request` bears `token` (constant time: the comparison of two digests of equal length).
 * @param {http.IncomingMessage} request @param {string} token
 */
function bears(request, token) {
  const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? "");
  if (!match?.[1]) return false;
  const digest = (/** @type {string} */ value) => crypto.createHash("sha256").update(value).digest();
  return crypto.timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * Answers GET /metrics: to a bearer of `token` when one is set (401 otherwise), to anyone when
 * none is (the separate port, bound to loopback).
 * @param {http.IncomingMessage} request @param {http.ServerResponse} response @param {string | undefined} token
 */
export function answerMetrics(request, response, token) {
  response.setHeader("Cache-Control", "no-store");
  if (token !== undefined && !bears(request, token)) {
    response.writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain" }).end("Unauthorized\n");
    return;
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD", "Content-Type": "text/plain" }).end("Use GET.\n");
    return;
  }
  metricsText().then(
    ({ contentType, body }) => response.writeHead(200, { "Content-Type": contentType }).end(request.method === "HEAD" ? undefined : body),
    () => response.writeHead(500, { "Content-Type": "text/plain" }).end("The metrics could not be collected.\n"),
  );
}

/**
 * The separate metrics listener (METRICS_PORT): /metrics only, everything else 404.
 * @param {{ port: number, host: string, token?: string }} options
 * @returns {Promise<http.Server>}
 */
export async function startMetricsServer({ port, host, token }) {
  const server = http.createServer((request, response) => {
    const pathname = (request.url ?? "/").split("?")[0];
    if (pathname === "/metrics") return answerMetrics(request, response, token);
    response.writeHead(404, { "Content-Type": "text/plain", "Cache-Control": "no-store" }).end("Not found: this port serves /metrics.\n");
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(undefined);
    });
  });
  return server;
}
