// Token authentication: each case against the route that checks no token, on the same server;
// the database reads a rejected token costs, counted in process; and the same on PostgreSQL.
import crypto from "node:crypto";
import os from "node:os";
import { spawnSync } from "node:child_process";
import autocannon from "autocannon";
import { startServer, type RunningServer } from "../e2e/support/server";
import { authorityFigures, authorityServer, startFloor } from "./authority";
import { writeResults, type AuthFigures, type Results } from "./report";
import { SECRETS, SERVER_ENV, cannon, log, median, pinned, quick, round } from "./support";

type Route = { path: string; headers: Record<string, string> };
export type AuthCase = Route & { name: string };

/** What every case is measured against: a route of the same server that reads no token. */
const BASELINE: Route & { name: "openapi" } = { name: "openapi", path: "/v2/openapi.json", headers: {} };

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
/** The token with its last character changed, so that its checksum fails. */
const badChecksum = (secret: string) => `${secret.slice(0, -1)}${secret.at(-1) === "A" ? "B" : "A"}`;

/**
 * The cases measured against the baseline, in the order they run and are reported. `pinned`: a
 * token with allowed IPs that hold the load generator's address, to price the allow-list check.
 */
export const tokenCases = (secret: string, pinned?: string, custom?: string, team?: string): AuthCase[] => [
  { name: "account/info", path: "/v2/account/info", headers: bearer(secret) },
  // A team's token: the same lookup, which reads its team's name beside the creator.
  ...(team ? [{ name: "team token", path: "/v2/account/info", headers: bearer(team) }] : []),
  ...(pinned ? [{ name: "IP-restricted", path: "/v2/account/info", headers: bearer(pinned) }] : []),
  // A Custom token's grant is checked from the row the lookup read: no other query.
  ...(custom ? [{ name: "Custom", path: "/v2/account/info", headers: bearer(custom) }] : []),
  { name: "api", path: "/v2/api", headers: bearer(secret) },
  { name: "junk", path: "/v2/api", headers: bearer("hunter2") },
  { name: "bad checksum", path: "/v2/api", headers: bearer(badChecksum(secret)) },
];

export async function authentication(server: RunningServer, cases: AuthCase[]): Promise<AuthFigures> {
  // Warm-up: every route once, so that no run pays for loading a route's code or JIT-compiling it.
  for (const route of [BASELINE, ...cases])
    await autocannon({ url: `${server.url}${route.path}`, connections: 50, duration: quick ? 1 : 3, headers: route.headers });
  // Pairs of runs, each case beside a run of the baseline, in alternating order: the machine's
  // drift and noise fall on both halves of a pair, and the ratio is the median over the pairs.
  const pairs = quick ? 3 : 8;
  const load = (route: Route) => cannon(`${server.url}${route.path}`, route.headers, 2, server.pid);
  const measured: Record<string, Array<{ rps: number; p99: number; throughput: number; tail: number; cpu: number }>> = {};
  for (let pair = 0; pair < pairs; pair++) {
    for (const { name, ...route } of cases) {
      let result, base;
      if (pair % 2) {
        result = await load(route);
        base = await load(BASELINE);
      } else {
        base = await load(BASELINE);
        result = await load(route);
      }
      (measured[name] ??= []).push({
        ...result,
        throughput: result.rps / base.rps,
        tail: result.p99 / Math.max(base.p99, 1),
        cpu: result.cpu / base.cpu,
      });
      log(
        `  ${name.padEnd(13)} ${Math.round(result.rps)} req/s, p99 ${result.p99} ms; openapi ${Math.round(base.rps)} req/s, p99 ${base.p99} ms`,
      );
    }
  }
  const figures: AuthFigures = {};
  for (const [name, runs] of Object.entries(measured)) {
    figures[name] = {
      rps: Math.round(median(runs.map((r) => r.rps))),
      p99: median(runs.map((r) => r.p99)),
      throughputRatio: round(median(runs.map((r) => r.throughput))),
      p99Ratio: round(median(runs.map((r) => r.tail))),
      cpuRatio: round(median(runs.map((r) => r.cpu))),
    };
  }
  return figures;
}

/** Database reads made by junk and bad-checksum tokens, counted in this process through the real route. */
export async function junkQueries(smallFile: string | null, secret: string) {
  if (smallFile) process.env.DATABASE_URL = `file:${smallFile}`;
  process.env.TOKEN_PEPPER = SECRETS.TOKEN_PEPPER;
  process.env.AUTH_SECRET = SECRETS.AUTH_SECRET;
  process.env.API_AUTH_FAILURES_PER_IP = "1000000000";
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000000000";
  const { fastSql } = await import("@/lib/dal/sql");
  const { GET } = await import("@/app/v2/api/route");
  const { BEHIND_OUR_SERVER, CLIENT_IP_HEADER } = await import("@/lib/server/client-address.mjs");
  (globalThis as Record<symbol, unknown>)[BEHIND_OUR_SERVER] = true;
  const call = (token: string) =>
    GET(new Request("http://bench/v2/api", { headers: { authorization: `Bearer ${token}`, [CLIENT_IP_HEADER]: "198.51.100.1" } }), {
      params: Promise.resolve({}),
    });
  const count = async (token: string, times: number) => {
    const before = fastSql.queries;
    const started = process.hrtime.bigint();
    for (let i = 0; i < times; i++) await call(token);
    return {
      queriesPerRequest: (fastSql.queries - before) / times,
      microsPerRequest: round(Number(process.hrtime.bigint() - started) / 1000 / times, 1),
    };
  };
  return {
    junk: await count("hunter2", 1000),
    "bad checksum": await count(badChecksum(secret), 1000),
    "valid token": await count(secret, 1000),
  };
}

/** The authentication figures on PostgreSQL: a throw-away database, one account and token, one server. */
export async function mainPostgres() {
  const started = Date.now();
  const { default: pg } = await import("pg");
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  const name = `tc_bench_${Date.now().toString(36)}`;
  const onServer = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  log(
    `npm run bench --postgres: ${os.cpus().length} cores${pinned ? " (server pinned to CPU 1, load on CPU 0)" : ""}, Node ${process.version}, database ${name}`,
  );
  await onServer(`CREATE DATABASE "${name}"`);
  const env = {
    ...SERVER_ENV,
    DATABASE_URL: databaseUrl,
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    PUBLIC_URL: "http://127.0.0.1:3903",
  };
  let server: RunningServer | undefined;
  try {
    const migration = spawnSync(process.execPath, ["scripts/migrate.mjs"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
      encoding: "utf8",
    });
    if (migration.status !== 0) throw new Error(migration.stderr);
    const { generateToken, hashToken } = await import("@/lib/server/token-format");
    const { token, displayPrefix } = generateToken();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(
      `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role") VALUES ('bench-user', 'bench@bench.example', 'Bench', 'x', 'MEMBER')`,
    );
    await client.query(
      `INSERT INTO "ApiToken" ("id", "userId", "ownerId", "name", "nameKey", "scope", "tokenHash", "displayPrefix") VALUES ('bench-api-token', 'bench-user', 'bench-user', 'bench', 'bench', 'WRITE', $1, $2)`,
      [hashToken(token, SECRETS.TOKEN_PEPPER), displayPrefix],
    );
    await client.end();
    const results: Results = {};
    log("The token authority against a floor reading the same PostgreSQL, at 50 connections, every request's log line written:");
    const authority = await authorityServer(3904, env);
    const floor = await startFloor(3905, { postgres: databaseUrl });
    try {
      results.authority = await authorityFigures(authority, floor, token);
    } finally {
      await Promise.all([authority.stop(), floor.stop()]);
    }
    server = await startServer(3903, env, pinned ? { cpu: 1 } : {});
    log(`Token authentication on PostgreSQL at 50 connections, in pairs of runs with GET /v2/openapi.json:`);
    results.auth = await authentication(server, tokenCases(token));
    process.env.DATABASE_URL = databaseUrl;
    results.queries = await junkQueries(null, token);
    writeResults("results-postgres", { machine: { cores: os.cpus().length, node: process.version, pinned }, quick }, results);
    log(`Done in ${Math.round((Date.now() - started) / 1000)} s: bench/results-postgres.json, bench/results-postgres.md`);
  } finally {
    await server?.stop();
    // This process's own pool (the in-process count above) goes before its database does.
    await (globalThis as { tokenConsolePg?: { end(): Promise<void> } }).tokenConsolePg?.end();
    await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}
