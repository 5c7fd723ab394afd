// The token authority against the floor (bench/floor.mjs): forward auth and GET /v2/account/info
// served by our server, with every request's log line written as in production, beside a bare
// node:http server doing only the essential work of a check, in the same run and pinned the same
// way. Goals (DESIGN.md section 7): throughput ≥ 0.50× the floor's (aim 0.70×), p99 ≤ 2× its.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { startServer, type RunningServer } from "../e2e/support/server";
import type { FloorFigures, ProxyFigures } from "./report";
import { SECRETS, SERVER_ENV, cannon, log, median, pinned, quick, round } from "./support";

export type Floor = { url: string; pid: number; stop: () => Promise<void> };

/** The floor, reading `database` (a SQLite file, or a PostgreSQL URL), pinned as the servers are. */
export async function startFloor(port: number, database: { sqlite: string } | { postgres: string }): Promise<Floor> {
  const args = ["bench/floor.mjs", String(port), ...("sqlite" in database ? ["sqlite", database.sqlite] : ["postgres", database.postgres])];
  const child: ChildProcess = pinned
    ? spawn("taskset", ["-c", "1", process.execPath, ...args], {
        env: { ...process.env, TOKEN_PEPPER: SECRETS.TOKEN_PEPPER },
        stdio: "pipe",
      })
    : spawn(process.execPath, args, { env: { ...process.env, TOKEN_PEPPER: SECRETS.TOKEN_PEPPER }, stdio: "pipe" });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => (chunk.toString().includes("listening") ? resolve() : undefined));
    child.once("exit", (code) => reject(new Error(`the floor stopped (exit code ${code})`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

/** A server that writes every request's line (LOG_LEVEL=info, to a file) and trusts the load generator as its proxy. */
export function authorityServer(port: number, env: Record<string, string>) {
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-log-")), "server.log");
  return startServer(
    port,
    { ...SERVER_ENV, LOG_LEVEL: "info", TRUST_PROXY: "loopback", ...env },
    { ...(pinned ? { cpu: 1 } : {}), logFile },
  );
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export async function authorityFigures(server: RunningServer, floor: Floor, secret: string): Promise<FloorFigures> {
  const cases = [
    {
      name: "/v2/auth/forward",
      path: "/v2/auth/forward",
      headers: { ...bearer(secret), "X-Forwarded-Method": "GET", "X-Forwarded-Uri": "/v2/dns/zones/example.com/records" },
    },
    { name: "GET /v2/account/info", path: "/v2/account/info", headers: bearer(secret) },
  ];
  // Warm-up, then pairs of runs in alternating order, as bench/authentication.ts does.
  for (const route of cases)
    await autocannon({ url: `${server.url}${route.path}`, connections: 50, duration: quick ? 1 : 3, headers: route.headers });
  await autocannon({ url: floor.url, connections: 50, duration: quick ? 1 : 3, headers: bearer(secret) });
  const pairs = quick ? 3 : 6;
  const measured: Record<string, Array<{ rps: number; p99: number; floorRps: number; floorP99: number }>> = {};
  for (let pair = 0; pair < pairs; pair++) {
    for (const { name, path: route, headers } of cases) {
      const ours = () => cannon(`${server.url}${route}`, headers, 3, server.pid);
      const bare = () => cannon(floor.url, bearer(secret), 3, floor.pid);
      const [result, base] = pair % 2 ? [await ours(), await bare()] : await bare().then(async (b) => [await ours(), b] as const);
      if (result.non2xx || base.non2xx) throw new Error(`${name}: ${result.non2xx} refused answers, the floor ${base.non2xx}`);
      (measured[name] ??= []).push({ rps: result.rps, p99: result.p99, floorRps: base.rps, floorP99: base.p99 });
      log(
        `  ${name.padEnd(22)} ${Math.round(result.rps)} req/s, p99 ${result.p99} ms; floor ${Math.round(base.rps)} req/s, p99 ${base.p99} ms`,
      );
    }
  }
  const figures: FloorFigures = {};
  for (const [name, runs] of Object.entries(measured)) {
    figures[name] = {
      rps: Math.round(median(runs.map((r) => r.rps))),
      p99: median(runs.map((r) => r.p99)),
      floorRps: Math.round(median(runs.map((r) => r.floorRps))),
      floorP99: median(runs.map((r) => r.floorP99)),
      throughputRatio: round(median(runs.map((r) => r.rps / r.floorRps))),
      p99Ratio: round(median(runs.map((r) => r.p99 / Math.max(r.floorP99, 1)))),
    };
  }
  return figures;
}

/** A tiny JSON service in a process of its own, pinned as the servers are: the service behind nginx. */
async function startService(port: number): Promise<Floor> {
  const code = `require("node:http").createServer((q, s) => { q.resume(); s.writeHead(200, { "content-type": "application/json" }).end('{"zones":[]}'); }).listen(${port}, "127.0.0.1", () => console.log("listening"));`;
  const child: ChildProcess = pinned
    ? spawn("taskset", ["-c", "1", process.execPath, "-e", code], { stdio: "pipe" })
    : spawn(process.execPath, ["-e", code], { stdio: "pipe" });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => (chunk.toString().includes("listening") ? resolve() : undefined));
    child.once("exit", (code) => reject(new Error(`the service stopped (exit code ${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * What forward auth costs a request through nginx: nginx with `auth_request` to our forward auth
 * (deploy/nginx/forward-auth.conf) in front of a service, against nginx proxying the same service
 * without auth, both measured in this run (pairs, alternating). Goal: at most 2× per request.
 */
export async function proxyFigures(server: RunningServer, secret: string): Promise<ProxyFigures> {
  const { startNginx } = await import("../e2e/support/proxies");
  const service = await startService(3906);
  const cpu = pinned ? { cpu: 1 } : {};
  const withAuth = await startNginx({
    port: 3907,
    consoleUrl: server.url,
    upstreamUrl: service.url,
    accessLog: false,
    keepalive: 64,
    ...cpu,
  });
  const plain = await startNginx({ port: 3908, consoleUrl: server.url, upstreamUrl: service.url, accessLog: false, auth: false, ...cpu });
  try {
    const headers = bearer(secret);
    for (const proxy of [withAuth, plain])
      await autocannon({ url: `${proxy.url}/v2/dns/zones`, connections: 50, duration: quick ? 1 : 3, headers });
    const runs: Array<{ auth: Awaited<ReturnType<typeof cannon>>; plain: Awaited<ReturnType<typeof cannon>> }> = [];
    for (let pair = 0; pair < (quick ? 3 : 6); pair++) {
      const a = () => cannon(`${withAuth.url}/v2/dns/zones`, headers, 3);
      const b = () => cannon(`${plain.url}/v2/dns/zones`, headers, 3);
      const [auth, bare] = pair % 2 ? [await a(), await b()] : await b().then(async (p) => [await a(), p] as const);
      if (auth.non2xx || bare.non2xx) throw new Error(`through nginx: ${auth.non2xx} refused with auth, ${bare.non2xx} without`);
      runs.push({ auth, plain: bare });
      log(
        `  nginx + forward auth ${Math.round(auth.rps)} req/s, p99 ${auth.p99} ms; nginx alone ${Math.round(bare.rps)} req/s, p99 ${bare.p99} ms`,
      );
    }
    return {
      authRps: Math.round(median(runs.map((r) => r.auth.rps))),
      plainRps: Math.round(median(runs.map((r) => r.plain.rps))),
      authP99: median(runs.map((r) => r.auth.p99)),
      plainP99: median(runs.map((r) => r.plain.p99)),
      costRatio: round(median(runs.map((r) => r.plain.rps / r.auth.rps))),
    };
  } finally {
    await Promise.all([withAuth.stop(), plain.stop(), service.stop()]);
  }
}
