// The console's HTTP server: Next.js, in this process, behind a few lines of ours.
// Why not `next start`: Next.js does not tell route handlers who the client is. This server
// does, from the socket (and from trusted proxies only, see lib/server/client-address.mjs),
// in headers of its own that overwrite any copy a client sends. It also
// - answers /healthz and /readyz itself (cheap, unauthenticated, never rate limited);
// - answers /metrics itself (Prometheus, lib/server/metrics.mjs) to a bearer of METRICS_TOKEN
//   (unset: Next.js's 404), and on METRICS_PORT, a listener of its own, when that is set;
// - counts every request under its route's template, its status and its time;
// - serves the platform API (/v2: the routes, forward auth, introspection) itself, before
//   Next.js, which keeps the console's pages and actions (scripts/api.mjs, app/v2/router.ts);
// - refuses, before Next.js reads them, a path with a malformed escape (400) and a page POST
//   from another origin (403), which Next.js would answer with a 500 (lib/server/request-checks.mjs);
// - gives every request an id (X-Request-Id) and writes one log line per request;
// - sends HSTS when the console is served over HTTPS;
// - stops gracefully: /readyz answers 503 at once and the server goes on serving for
//   SHUTDOWN_DRAIN_SECONDS (a load balancer's time to notice), then it accepts no new
//   connection, answers with `Connection: close`, closes keep-alive connections once they
//   have been idle for a second (one whose next request is already on the wire is answered
//   first), and gives requests in flight SHUTDOWN_TIMEOUT_SECONDS to finish.
// `npm start` and `npm run dev` both run it.
import crypto from "node:crypto";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import {
  BEHIND_OUR_SERVER,
  CLIENT_IP_HEADER,
  clientAddress,
  VIA_PROXY_HEADER,
  FORWARDED_HEADERS,
  ORIGIN_HEADER,
  requestOrigin,
  syncRawHeaders,
  trustFunction,
  viaTrustedProxy,
} from "../lib/server/client-address.mjs";
import { ConfigError, databaseFile, databaseProvider, databaseUrl, env, listenHost, metricsHost } from "../lib/server/config.mjs";
import { log } from "../lib/server/logger.mjs";
import { answerMetrics, observeRequest, startMetricsServer } from "../lib/server/metrics.mjs";
import { resourceCatalogue } from "../lib/server/permission-catalogue.mjs";
import { databaseHealthHook } from "../lib/server/database-health.mjs";
import { redisCheck } from "../lib/server/redis.mjs";
import { crossOriginAction, malformedPath, pathOf, safePath, unguardedPost } from "../lib/server/request-checks.mjs";
import { requestStore } from "../lib/server/request-store.mjs";
import { runShutdownHooks } from "../lib/server/shutdown.mjs";
import { loadApi } from "./api.mjs";
import { appliedMigrations, appliedMigrationsPg, expectedMigrations } from "./migrate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Prepares Next.js and listens. Resolves with the listening server and its `shutdown`.
 * @param {{ dev?: boolean }} [options]
 */
export async function startServer({ dev = false } = {}) {
  const { PORT: port, TRUST_PROXY, PUBLIC_URL, METRICS_TOKEN: metricsToken, METRICS_PORT: metricsPort } = env();
  resourceCatalogue(); // a broken PERMISSIONS_FILE stops the start (scripts/start.mjs checks it first)
  const host = listenHost();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const { default: next } = await import("next");
  const app = next({ dev, dir: root, port, hostname: host });
  const handle = app.getRequestHandler();
  await app.prepare();
  // The platform API, before Next.js (app/v2/router.ts). In development Next.js serves the same
  // route modules, so that an edit reloads.
  const api = dev ? undefined : await loadApi();

  const trust = trustFunction(TRUST_PROXY);
  const hsts = PUBLIC_URL?.startsWith("https:");
  /** @type {Record<symbol, unknown>} */ (globalThis)[BEHIND_OUR_SERVER] = true;
  const readiness = readinessCheck();
  // stopping: /readyz says so; closing: the drain is over, connections end after their answer.
  let stopping = false;
  let closing = false;
  /** @type {Set<http.ServerResponse>} */
  const inFlight = new Set();
  /** Each open connection, and since when it has been idle (Infinity while it serves a request). */
  /** @type {Map<import("node:net").Socket, number>} */
  const connections = new Map();

  const server = http.createServer((request, response) => {
    const started = process.hrtime.bigint();
    const fromProxy = viaTrustedProxy(request, trust);
    const given = request.headers["x-request-id"];
    const id = fromProxy && typeof given === "string" && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    request.headers["x-request-id"] = id;
    response.setHeader("X-Request-Id", id);
    const ip = clientAddress(request, trust);
    request.headers[CLIENT_IP_HEADER] = ip;
    request.headers[ORIGIN_HEADER] = requestOrigin(request, trust, PUBLIC_URL);
    request.headers[VIA_PROXY_HEADER] = fromProxy ? "1" : "0";
    // Forwarded headers from a client that is not a trusted proxy are the client's invention:
    // Next.js does not see them either (it checks a server action's Origin against them).
    if (!fromProxy) for (const name of FORWARDED_HEADERS) delete request.headers[name];
    // And not in rawHeaders either, which the /v2 router reads once a body has been read.
    syncRawHeaders(request, [CLIENT_IP_HEADER, ORIGIN_HEADER, VIA_PROXY_HEADER, "x-request-id"], fromProxy ? [] : FORWARDED_HEADERS);
    if (hsts) response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    if (closing) response.setHeader("Connection", "close");
    connections.set(request.socket, Infinity);

    const facts = { id };
    const pathname = safePath(request.url);
    const health = pathname === "/healthz" || pathname === "/readyz";
    const metrics = metricsToken !== undefined && pathname === "/metrics";
    inFlight.add(response);
    response.once("close", () => {
      inFlight.delete(response);
      if (connections.has(request.socket)) connections.set(request.socket, Date.now());
      const elapsed = process.hrtime.bigint() - started;
      observeRequest(request.method, pathname, response.statusCode, Number(elapsed) / 1e9);
      const fields = {
        method: request.method,
        path: pathname,
        status: response.statusCode,
        ms: Number(elapsed / 10_000n) / 100,
        ip,
        ...(facts.userId ? { userId: facts.userId } : {}),
        ...(facts.tokenId ? { tokenId: facts.tokenId } : {}),
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      requestStore.run(facts, () => (health || metrics ? log.debug : log.info)("request", fields));
    });
    requestStore.run(facts, () => {
      if (metrics) return void answerMetrics(request, response, metricsToken);
      if (!health) {
        const raw = pathOf(request.url);
        let refusal;
        try {
          refusal = malformedPath(raw) ?? unguardedPost(request, raw) ?? crossOriginAction(request, raw);
        } catch {
          refusal = { status: 400, headers: { "Cache-Control": "no-store" }, body: "The request could not be read." };
        }
        if (refusal) return void response.writeHead(refusal.status, refusal.headers).end(refusal.body);
        if (api && (raw === "/v2" || raw.startsWith("/v2/"))) return void api(request, response);
        return void handle(request, response);
      }
      const checks = stopping ? Promise.resolve({ server: "stopping" }) : pathname === "/readyz" ? readiness() : Promise.resolve({});
      void checks.then((result) => answerHealth(request, response, pathname, result));
    });
  });
  // Slow clients must not hold the server open: a request has 30 s to arrive in full.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.on("connection", (socket) => {
    connections.set(socket, Date.now());
    socket.once("close", () => connections.delete(socket));
  });

  await new Promise((resolve, reject) => {
    server.once("error", (error) => {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code === "EADDRINUSE")
        reject(new ConfigError(`Port ${port} is already in use: stop what holds it, or set PORT to another port.`));
      else if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN")
        reject(
          new ConfigError(
            `HOST=${host} is not an address of this machine: set HOST to one of its addresses, or unset it to listen on every interface.`,
          ),
        );
      else if (code === "EACCES")
        reject(new ConfigError(`Port ${port} needs privileges this user lacks: use a port above 1023 behind a proxy.`));
      else reject(error);
    });
    server.listen(port, host, () => resolve(undefined));
  });
  // The metrics' own port: only /metrics, on loopback unless METRICS_HOST says otherwise.
  /** @type {http.Server | undefined} */
  let metricsServer;
  if (metricsPort !== undefined) {
    try {
      metricsServer = await startMetricsServer({ port: metricsPort, host: metricsHost(), token: metricsToken });
    } catch (error) {
      await new Promise((resolve) => server.close(() => resolve(undefined)));
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code === "EADDRINUSE")
        throw new ConfigError(`METRICS_PORT=${metricsPort} is already in use: stop what holds it, or set METRICS_PORT to another port.`);
      if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND" || code === "EAI_AGAIN")
        throw new ConfigError(`METRICS_HOST=${metricsHost()} is not an address of this machine: set it to one, or unset it for 127.0.0.1.`);
      if (code === "EACCES") throw new ConfigError(`METRICS_PORT=${metricsPort} needs privileges this user lacks: use a port above 1023.`);
      throw error;
    }
    log.info("metrics.ready", {
      url: `http://${metricsHost().includes(":") ? `[${metricsHost()}]` : metricsHost()}:${metricsPort}/metrics`,
    });
  }
  log.info("server.ready", {
    url: `http://${host && host !== "0.0.0.0" && host !== "::" ? host : "localhost"}:${port}`,
    publicUrl: PUBLIC_URL,
  });

  /**
   * Says it is stopping (/readyz 503), serves on for SHUTDOWN_DRAIN_SECONDS, then stops
   * accepting, lets requests in flight finish (at most SHUTDOWN_TIMEOUT_SECONDS), runs the
   * app's shutdown hooks, and resolves. Idempotent.
   * @param {string} reason
   */
  let stopped;
  const shutdown = (reason) =>
    (stopped ??= (async () => {
      stopping = true;
      const { SHUTDOWN_DRAIN_SECONDS: drain, SHUTDOWN_TIMEOUT_SECONDS: timeout } = env();
      log.info("server.stopping", { reason, inFlight: inFlight.size, drainSeconds: drain, timeoutSeconds: timeout });
      if (drain > 0) await new Promise((resolve) => setTimeout(resolve, drain * 1000));
      closing = true;
      const deadline = Date.now() + timeout * 1000;
      // Answers still to be written close their connection afterwards.
      for (const response of inFlight) if (!response.headersSent) response.setHeader("Connection", "close");
      // net's close, not http's: http's also closes every connection idle this instant, and
      // resets a request on its way on one of them.
      const closed = new Promise((resolve) => net.Server.prototype.close.call(server, () => resolve(undefined)));
      // A connection idle for a second is closed; one idle for less may have its next request on
      // the wire (closing it would reset that request): it is answered, with Connection: close.
      while (connections.size > 0 && Date.now() < deadline) {
        const now = Date.now();
        for (const [socket, idleSince] of connections) if (now - idleSince >= 1_000) socket.destroy();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const cut = inFlight.size;
      server.closeAllConnections();
      await closed;
      // Scraped until now, so the drain shows in the metrics; a scrape in flight is cut.
      if (metricsServer) {
        const metricsClosed = new Promise((resolve) => metricsServer?.close(() => resolve(undefined)));
        metricsServer.closeAllConnections();
        await metricsClosed;
      }
      // The hooks (the last-used times still held) get what is left of the deadline, at least a
      // second: a database that does not answer (frozen, cut off) must not keep the process up.
      const hooks = runShutdownHooks((error) => log.error("server.shutdown_hook_failed", { error: String(error) })).then(() => true);
      const left = Math.max(1_000, deadline - Date.now());
      /** @type {NodeJS.Timeout | undefined} */
      let timer;
      const finished = await Promise.race([hooks, new Promise((resolve) => (timer = setTimeout(() => resolve(false), left)))]);
      clearTimeout(timer);
      if (!finished) log.warn("server.shutdown_hooks_unfinished", { waitedMs: left });
      log.info("server.stopped", { reason, cutShort: cut });
    })());
  return { server, shutdown };
}

/**
 * /readyz's checks: the database answers a query, every migration this code expects is
 * applied, and Redis, when one is configured, answers. The database is read on a read-only
 * connection of its own, which in WAL mode no writer blocks.
 * @returns {() => Promise<Record<string, string>>}
 */
function readinessCheck() {
  if (databaseProvider() === "postgresql") return postgresReadiness();
  const expected = expectedMigrations();
  /** @type {import("better-sqlite3").Database | undefined} */
  let db;
  const database = () => {
    try {
      db ??= new Database(databaseFile(), { readonly: true, fileMustExist: true, timeout: 0 });
      const applied = appliedMigrations(db);
      return { database: "ok", migrations: expected.every((name) => applied.has(name)) ? "ok" : "pending" };
    } catch {
      db?.close();
      db = undefined;
      return { database: "unavailable", migrations: "unknown" };
    }
  };
  return async () => {
    const [redis, writes] = await Promise.all([redisCheck(), writesCheck()]);
    return { ...database(), ...writes, ...(redis ? { redis } : {}) };
  };
}

/**
 * Whether writes go through: an empty write transaction through the app's own client (a failed
 * COMMIT once left every later write waiting forever while reads stayed green). Shared by the
 * checks of one second, so that a flood of /readyz is not a flood of write transactions. A
 * write lock another process holds (a backup) is "busy", which is no reason to take the
 * instance out. Until the app has loaded its client there is nothing to probe. Reported only
 * when they fail (`"writes":"failed"`), so a healthy answer reads as it always has.
 * @returns {Promise<Record<string, string>>}
 */
const writesCheck = (() => {
  /** @type {{ at: number, answer: Promise<Record<string, string>> } | undefined} */
  let last;
  return () => {
    const hook = databaseHealthHook();
    if (!hook) return Promise.resolve({});
    if (last && Date.now() - last.at < 1_000) return last.answer;
    const answer = hook
      .writeProbe({ timeoutMs: Math.min(env().DATABASE_BUSY_TIMEOUT_MS + 1_000, 3_000) })
      .then((probe) => /** @type {Record<string, string>} */ (probe.state === "failed" ? { writes: "failed" } : {}))
      .catch(() => ({ writes: "failed" }));
    last = { at: Date.now(), answer };
    return answer;
  };
})();

/** /readyz's checks on PostgreSQL: a one-connection pool of its own, queries limited to 2 s. */
function postgresReadiness() {
  const expected = expectedMigrations("postgresql");
  /** @type {Promise<import("pg").Pool> | undefined} */
  let pool;
  return async () => {
    pool ??= import("pg").then(({ default: pg }) => {
      const created = new pg.Pool({ connectionString: databaseUrl(), max: 1, connectionTimeoutMillis: 2_000, statement_timeout: 2_000 });
      created.on("error", () => {}); // a lost idle connection shows in the next check
      return created;
    });
    const [database, redis, writes] = await Promise.all([
      pool
        .then(async (connections) => {
          const applied = await appliedMigrationsPg(connections);
          return { database: "ok", migrations: expected.every((name) => applied.has(name)) ? "ok" : "pending" };
        })
        .catch(() => ({ database: "unavailable", migrations: "unknown" })),
      redisCheck(),
      writesCheck(),
    ]);
    return { ...database, ...writes, ...(redis ? { redis } : {}) };
  };
}

/**
 * @param {http.IncomingMessage} request
 * @param {http.ServerResponse} response
 * @param {string} pathname
 * @param {Record<string, string>} checks
 */
function answerHealth(request, response, pathname, checks) {
  response.setHeader("Cache-Control", "no-store");
  response.setHeader("Content-Type", "application/json");
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.writeHead(405, { Allow: "GET, HEAD" }).end(JSON.stringify({ status: "error", message: "Use GET or HEAD." }));
    return;
  }
  // Liveness: the process answers. Readiness: it can serve requests now. Redis is not needed
  // for that (the limits count in memory without it): its absence is reported, as degraded,
  // so that a load balancer following /readyz does not take every instance out at once.
  const live = pathname === "/healthz";
  const ready = live || Object.entries(checks).every(([name, value]) => value === "ok" || name === "redis");
  const degraded = Object.values(checks).some((value) => value !== "ok");
  const body = live ? { status: "ok" } : { status: ready ? (degraded ? "degraded" : "ok") : "unavailable", checks };
  response.writeHead(ready ? 200 : 503, ready ? {} : { "Retry-After": "5" });
  response.end(request.method === "HEAD" ? undefined : JSON.stringify(body));
}
