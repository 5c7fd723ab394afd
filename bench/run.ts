// `npm run bench`: the performance figures of the design's section 7, from one run, as ratios.
// Production servers on throw-away databases (rate limits raised for the run), autocannon
// beside them on this machine. Absolute numbers vary from machine to machine; the ratios are
// what the goals are about. Writes bench/results.json and bench/results.md.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { encode } from "next-auth/jwt";
import { startServer, type RunningServer } from "../e2e/support/server";
import { seedBulk } from "./seed";

const SECRETS = { AUTH_SECRET: "bench-auth-secret-bench-auth-secret-0000", TOKEN_PEPPER: "bench-token-pepper-bench-token-pepper-000" };
const SERVER_ENV = {
  ...SECRETS,
  API_REQUESTS_PER_TOKEN_PER_MINUTE: "1000000000",
  API_AUTH_FAILURES_PER_IP: "1000000000",
  LOG_LEVEL: "warn",
};
const quick = process.argv.includes("--quick");
// --postgres: the token-authentication figures on PostgreSQL (the server BENCH_DATABASE_URL,
// else TEST_DATABASE_URL, names; a database of the run's own is made there and dropped).
const postgres = process.argv.includes("--postgres");
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const runs = (part: string) => !only || only.split(",").includes(part);
// The servers on the second CPU, this process (the load generator) on the first, when taskset exists.
const pinned = spawnSync("taskset", ["-cp", "0", String(process.pid)]).status === 0 && os.cpus().length >= 2;
const SECONDS = quick ? 2 : 5;
const SCALE = quick ? { users: 100, tokens: 10_000, events: 100_000 } : { users: 1_000, tokens: 100_000, events: 1_000_000 };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const log = (line: string) => console.log(line);

function migratedDatabase(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${label}-`));
  const file = path.join(dir, "token-console.db");
  const result = spawnSync(process.execPath, ["scripts/migrate.mjs"], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${file}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return file;
}

/** A session row and its cookie, as the login action makes them. */
async function sessionCookie(file: string, userId: string): Promise<string> {
  const db = new Database(file);
  const id = `bench-session-${userId}-${Math.random().toString(36).slice(2)}`;
  const now = new Date().toISOString().replace("Z", "+00:00");
  db.prepare(`INSERT INTO "Session" ("id","userId","createdAt","lastSeenAt") VALUES (?,?,?,?)`).run(id, userId, now, now);
  db.close();
  const jwt = await encode({ token: { sub: userId, sid: id, sv: 0 }, secret: SECRETS.AUTH_SECRET, maxAge: 3600 });
  return `token-console.session=${jwt}`;
}

async function apiToken(file: string, userId: string, { id = "bench-api-token", name = "bench", allowedIps = "" } = {}): Promise<string> {
  const { generateToken, hashToken } = await import("@/lib/server/token-format");
  const { token, displayPrefix } = generateToken();
  const db = new Database(file);
  const now = new Date().toISOString().replace("Z", "+00:00");
  db.prepare(
    `INSERT INTO "ApiToken" ("id","userId","name","nameKey","scope","tokenHash","displayPrefix","createdAt","allowedIps") VALUES (?,?,?,?,?,?,?,?,?)`,
  ).run(id, userId, name, name, "WRITE", hashToken(token, SECRETS.TOKEN_PEPPER), displayPrefix, now, allowedIps);
  db.close();
  return token;
}

/** The server's CPU time so far, in µs (from /proc: steal time on a shared machine is not in it). */
const cpuMicros = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
};

async function cannon(url: string, headers: Record<string, string> = {}, seconds = SECONDS, pid?: number) {
  const before = pid ? cpuMicros(pid) : 0;
  const result = await autocannon({ url, connections: 50, duration: seconds, headers });
  const cpu = pid ? (cpuMicros(pid) - before) / Math.max(result.requests.total, 1) : 0;
  return { rps: result.requests.average, p99: result.latency.p99, cpu, errors: result.errors, non2xx: result.non2xx };
}

// --- 1. Token authentication against the unauthenticated route ----------------------------------

/** `pinned`: a token with allowed IPs that hold the load generator's address, to price the allow-list check. */
async function authentication(server: RunningServer, secret: string, pinned?: string) {
  const badChecksum = `${secret.slice(0, -1)}${secret.at(-1) === "A" ? "B" : "A"}`;
  const routes: Record<string, { path: string; headers: Record<string, string> }> = {
    openapi: { path: "/v2/openapi.json", headers: {} },
    "account/info": { path: "/v2/account/info", headers: { Authorization: `Bearer ${secret}` } },
    ...(pinned ? { "IP-restricted": { path: "/v2/account/info", headers: { Authorization: `Bearer ${pinned}` } } } : {}),
    api: { path: "/v2/api", headers: { Authorization: `Bearer ${secret}` } },
    junk: { path: "/v2/api", headers: { Authorization: "Bearer hunter2" } },
    "bad checksum": { path: "/v2/api", headers: { Authorization: `Bearer ${badChecksum}` } },
  };
  // Warm-up: every route once, so that no run pays for loading a route's code or JIT-compiling it.
  for (const route of Object.values(routes))
    await autocannon({ url: `${server.url}${route.path}`, connections: 50, duration: quick ? 1 : 3, headers: route.headers });
  // Pairs of runs, each route beside a run of the baseline, in alternating order: the machine's
  // drift and noise fall on both halves of a pair, and the ratio is the median over the pairs.
  const pairs = quick ? 3 : 8;
  const pairSeconds = 2;
  const measured: Record<string, Array<{ rps: number; p99: number; throughput: number; tail: number; cpu: number }>> = {};
  for (let pair = 0; pair < pairs; pair++) {
    for (const name of Object.keys(routes).filter((route) => route !== "openapi")) {
      const order = pair % 2 ? ([name, "openapi"] as const) : (["openapi", name] as const);
      const result: Record<string, { rps: number; p99: number; cpu: number }> = {};
      for (const which of order)
        result[which] = await cannon(`${server.url}${routes[which]!.path}`, routes[which]!.headers, pairSeconds, server.pid);
      const [route, base] = [result[name]!, result.openapi!];
      (measured[name] ??= []).push({
        ...route,
        throughput: route.rps / base.rps,
        tail: route.p99 / Math.max(base.p99, 1),
        cpu: route.cpu / base.cpu,
      });
      log(
        `  ${name.padEnd(13)} ${Math.round(route.rps)} req/s, p99 ${route.p99} ms; openapi ${Math.round(base.rps)} req/s, p99 ${base.p99} ms`,
      );
    }
  }
  const figures: Record<string, { rps: number; p99: number; throughputRatio: number; p99Ratio: number; cpuRatio: number }> = {};
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
async function junkQueries(smallFile: string | null, secret: string) {
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
  const badChecksum = `${secret.slice(0, -1)}${secret.at(-1) === "A" ? "B" : "A"}`;
  const count = async (token: string, times: number) => {
    const before = fastSql.queries;
    const started = process.hrtime.bigint();
    for (let i = 0; i < times; i++) await call(token);
    return {
      queriesPerRequest: (fastSql.queries - before) / times,
      microsPerRequest: round(Number(process.hrtime.bigint() - started) / 1000 / times, 1),
    };
  };
  return { junk: await count("hunter2", 1000), "bad checksum": await count(badChecksum, 1000), "valid token": await count(secret, 1000) };
}

// --- 2. Console pages at scale against a near-empty database ------------------------------------

async function timePage(url: string, cookie: string, times = 9) {
  const samples: number[] = [];
  for (let i = 0; i < times + 2; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie }, redirect: "manual" });
    await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    if (i >= 2) samples.push(performance.now() - started);
  }
  return median(samples);
}

const PAGES = (deepTokens: number, halfway: string) => [
  { label: "/api-tokens (100 tokens)", path: "/api-tokens", as: "member" },
  { label: "/api-tokens sorted by name", path: "/api-tokens?sort=name&dir=asc", as: "member" },
  { label: "/api-tokens searched", path: "/api-tokens?q=token-00005", as: "member" },
  { label: "/admin/tokens", path: "/admin/tokens", as: "admin" },
  { label: "/admin/tokens by owner", path: "/admin/tokens?owner=user7%40bench.example", as: "admin" },
  { label: "/admin/tokens by owner's start", path: "/admin/tokens?owner=user7", as: "admin" },
  { label: "/admin/tokens by name", path: "/admin/tokens?q=token-0500", as: "admin" },
  { label: "/admin/tokens sorted by owner", path: "/admin/tokens?sort=owner&dir=asc", as: "admin" },
  { label: "/admin/tokens sorted by name", path: "/admin/tokens?sort=name&dir=asc", as: "admin" },
  { label: "/admin/tokens sorted by last use", path: "/admin/tokens?sort=lastUsedAt&dir=desc", as: "admin" },
  { label: `/admin/tokens page ${deepTokens}`, path: `/admin/tokens?page=${deepTokens}`, as: "admin" },
  { label: "/admin/audit", path: "/admin/audit", as: "admin" },
  { label: "/admin/audit by action", path: "/admin/audit?action=api.denied", as: "admin" },
  { label: "/admin/audit by user", path: "/admin/audit?user=user7%40bench.example", as: "admin" },
  { label: "/admin/audit by dates", path: "/admin/audit?from=2026-03-01&to=2026-03-31", as: "admin" },
  { label: "/admin/audit, a position halfway down", path: `/admin/audit?before=${halfway}`, as: "admin" },
];

// --- 3. The audit export, and first-load JavaScript ----------------------------------------------

const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) * 1024;

async function exportFigures(server: RunningServer, cookie: string) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = rss(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rss(server.pid))), 50);
  const started = performance.now();
  const response = await fetch(`${server.url}/admin/audit/export`, { headers: { cookie } });
  let rows = -1;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows++;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    rows,
    seconds: round(seconds, 1),
    rowsPerSecond: Math.round(rows / seconds),
    peakGrowthMB: round((peak - idle) / 1024 / 1024, 1),
  };
}

async function firstLoadJs(server: RunningServer, cookie: string) {
  const sizes: Record<string, number> = {};
  for (const page of ["/login", "/signup", "/api-tokens", "/api-docs", "/account", "/admin/tokens", "/admin/audit"]) {
    // The sign-in pages as a visitor sees them (signed in, they redirect), the rest signed in.
    const visitor = page === "/login" || page === "/signup";
    const response = await fetch(`${server.url}${page}`, { headers: visitor ? {} : { cookie }, redirect: "manual" });
    if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
    const html = await response.text();
    // What a browser loads: every script but the noModule polyfills that modern browsers skip.
    const scripts = [
      ...new Set(
        [...html.matchAll(/<script([^>]*)>/g)]
          .filter((m) => !/nomodule/i.test(m[1]!))
          .flatMap((m) => /src="([^"]+)"/.exec(m[1]!)?.[1] ?? []),
      ),
    ];
    let total = 0;
    for (const src of scripts) total += zlib.gzipSync(Buffer.from(await (await fetch(new URL(src, server.url))).arrayBuffer())).byteLength;
    sizes[page] = round(total / 1024, 1);
  }
  return sizes;
}

// --- The run --------------------------------------------------------------------------------------

type Results = {
  auth?: Record<string, { rps: number; p99: number; throughputRatio: number; p99Ratio: number; cpuRatio: number }>;
  queries?: Record<string, { queriesPerRequest: number; microsPerRequest: number }>;
  pages?: Record<string, { scaleMs: number; emptyMs: number; ratio: number }>;
  export?: { rows: number; seconds: number; rowsPerSecond: number; peakGrowthMB: number };
  firstLoadJsKB?: Record<string, number>;
};

/** The authentication figures on PostgreSQL: a throw-away database, one account and token, one server. */
async function mainPostgres() {
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
      `INSERT INTO "ApiToken" ("id", "userId", "name", "nameKey", "scope", "tokenHash", "displayPrefix") VALUES ('bench-api-token', 'bench-user', 'bench', 'bench', 'WRITE', $1, $2)`,
      [hashToken(token, SECRETS.TOKEN_PEPPER), displayPrefix],
    );
    await client.end();
    server = await startServer(3903, env, pinned ? { cpu: 1 } : {});
    log(`Token authentication on PostgreSQL at 50 connections, in pairs of runs with GET /v2/openapi.json:`);
    const results: Results = { auth: await authentication(server, token) };
    process.env.DATABASE_URL = databaseUrl;
    results.queries = await junkQueries(null, token);
    fs.writeFileSync(
      path.join("bench", "results-postgres.json"),
      `${JSON.stringify({ machine: { cores: os.cpus().length, node: process.version, pinned }, quick, ...results }, null, 2)}\n`,
    );
    fs.writeFileSync(path.join("bench", "results-postgres.md"), markdown(results));
    log(`\n${markdown(results)}`);
    log(`Done in ${Math.round((Date.now() - started) / 1000)} s: bench/results-postgres.json, bench/results-postgres.md`);
  } finally {
    await server?.stop();
    // This process's own pool (the in-process count above) goes before its database does.
    await (globalThis as { tokenConsolePg?: { end(): Promise<void> } }).tokenConsolePg?.end();
    await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

async function main() {
  if (postgres) return mainPostgres();
  const started = Date.now();
  log(
    `npm run bench${quick ? " --quick" : ""}${only ? ` --only=${only}` : ""}: ${os.cpus().length} cores${pinned ? " (servers pinned to CPU 1, load on CPU 0)" : ""}, Node ${process.version}`,
  );
  const { hashPassword } = await import("@/lib/server/passwords");
  const passwordHash = await hashPassword("bench-password");

  log("Seeding a near-empty database and one at scale…");
  const smallFile = migratedDatabase("small");
  const small = seedBulk(smallFile, { users: 3, tokens: 3, events: 2 }, passwordHash);
  const secret = await apiToken(smallFile, small.memberId);
  // Another account's, so that GET /v2/api still lists one key.
  const pinnedSecret = await apiToken(smallFile, small.adminId, {
    id: "bench-pinned",
    name: "bench-pinned",
    allowedIps: "10.0.0.0/8,127.0.0.0/8,::1",
  });
  // The database at scale, only for the parts that use it.
  const atScale = runs("pages") || runs("export");
  const bigFile = atScale ? migratedDatabase("big") : smallFile;
  const seedStarted = Date.now();
  const big = atScale ? seedBulk(bigFile, SCALE, passwordHash) : small;
  if (atScale)
    log(`  ${SCALE.users} users, ${SCALE.tokens} tokens, ${SCALE.events} audit events in ${round((Date.now() - seedStarted) / 1000, 1)} s`);

  const cpu = pinned ? { cpu: 1 } : {};
  const smallServer = await startServer(3901, { ...SERVER_ENV, DATABASE_URL: `file:${smallFile}` }, cpu);
  const bigServer = atScale ? await startServer(3902, { ...SERVER_ENV, DATABASE_URL: `file:${bigFile}` }, cpu) : smallServer;
  const results: Results = {};
  try {
    const cookies = {
      small: { admin: await sessionCookie(smallFile, small.adminId), member: await sessionCookie(smallFile, small.memberId) },
      big: atScale
        ? { admin: await sessionCookie(bigFile, big.adminId), member: await sessionCookie(bigFile, big.memberId) }
        : { admin: "", member: "" },
    };
    if (runs("auth")) {
      log(`Token authentication at 50 connections, in pairs of runs with GET /v2/openapi.json:`);
      results.auth = await authentication(smallServer, secret, pinnedSecret);
      results.queries = await junkQueries(smallFile, secret);
    }
    if (runs("pages")) {
      log("Console pages at scale, median of 9 requests, against the same pages near-empty:");
      results.pages = {};
      // Halfway down the log: an event's time and id, as the page's Older link would carry them.
      const seeded = new Date(Date.now() - (365 * 24 * 3600 * 1000) / 2).toISOString();
      const halfway = encodeURIComponent(`${seeded}~bench-event-${String(Math.floor(SCALE.events / 2)).padStart(7, "0")}`);
      for (const page of PAGES(Math.ceil(SCALE.tokens / 25 / 2), halfway)) {
        const scaleMs = await timePage(`${bigServer.url}${page.path}`, cookies.big[page.as as "admin" | "member"]);
        const emptyMs = await timePage(`${smallServer.url}${page.path}`, cookies.small[page.as as "admin" | "member"]);
        results.pages[page.label] = { scaleMs: round(scaleMs, 1), emptyMs: round(emptyMs, 1), ratio: round(scaleMs / emptyMs) };
        log(`  ${page.label.padEnd(36)} ${round(scaleMs, 1)} ms vs ${round(emptyMs, 1)} ms: ${round(scaleMs / emptyMs)}×`);
      }
    }
    if (runs("export")) {
      log(`Audit CSV export of ${SCALE.events} events:`);
      results.export = await exportFigures(bigServer, cookies.big.admin);
      log(
        `  ${results.export.rows} rows in ${results.export.seconds} s: ${results.export.rowsPerSecond} rows/s; peak memory ${results.export.peakGrowthMB} MB above idle`,
      );
    }
    if (runs("js")) results.firstLoadJsKB = await firstLoadJs(smallServer, cookies.small.admin);

    const all = { machine: { cores: os.cpus().length, node: process.version, pinned }, quick, scale: SCALE, ...results };
    fs.writeFileSync(path.join("bench", "results.json"), `${JSON.stringify(all, null, 2)}\n`);
    fs.writeFileSync(path.join("bench", "results.md"), markdown(results));
    log(`\n${markdown(results)}`);
    log(`Done in ${Math.round((Date.now() - started) / 1000)} s: bench/results.json, bench/results.md`);
  } finally {
    await smallServer.stop();
    if (atScale) await bigServer.stop();
  }
}

function markdown(r: Results) {
  const lines: string[] = [];
  if (r.auth) {
    lines.push(
      "| token authentication vs GET /v2/openapi.json | req/s | p99 ms | throughput ratio (goal ≥ 0.90) | p99 ratio (goal ≤ 1.25) | server CPU per request ratio |",
      "| --- | --- | --- | --- | --- | --- |",
      ...Object.entries(r.auth).map(
        ([name, f]) => `| ${name} | ${f.rps} | ${f.p99} | ${f.throughputRatio} | ${f.p99Ratio} | ${f.cpuRatio} |`,
      ),
      "",
    );
  }
  if (r.queries) {
    lines.push(
      "| token | database reads per request (goal: 0 for junk) | µs per request, in process |",
      "| --- | --- | --- |",
      ...Object.entries(r.queries).map(([name, f]) => `| ${name} | ${f.queriesPerRequest} | ${f.microsPerRequest} |`),
      "",
    );
  }
  if (r.pages) {
    lines.push(
      "| page | at scale (ms) | near-empty (ms) | ratio (goal ≤ 2) |",
      "| --- | --- | --- | --- |",
      ...Object.entries(r.pages).map(([name, f]) => `| ${name} | ${f.scaleMs} | ${f.emptyMs} | ${f.ratio} |`),
      "",
    );
  }
  if (r.export) {
    lines.push(
      `Audit CSV export: ${r.export.rows} rows at ${r.export.rowsPerSecond} rows/s (goal ≥ 100,000), peak memory ${r.export.peakGrowthMB} MB above idle (goal < 64).`,
      "",
    );
  }
  if (r.firstLoadJsKB) {
    lines.push(
      `First-load JavaScript, gzipped (goal < 200 KB): ${Object.entries(r.firstLoadJsKB)
        .map(([page, kb]) => `${page} ${kb} KB`)
        .join(", ")}.`,
      "",
    );
  }
  return lines.join("\n");
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
