import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { getRequestListener } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRouter } from "@/app/v2/router";
import { CLIENT_IP_HEADER, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { ConfigError, readEnv } from "@/lib/server/config.mjs";
import { answerMetrics, observeRequest, routeTemplate, startMetricsServer } from "@/lib/server/metrics.mjs";
import { freshIp } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// /metrics for real: the console's request path as scripts/server.mjs runs it before Next.js
// (answerMetrics for /metrics, the /v2 router, observeRequest when a response closes), the real
// prom-client registry, and Debian's Prometheus scraping it with a bearer token and answering a
// query. A missing Prometheus fails loudly: .ci/run installs it (or name it in PROMETHEUS_PATH).

const METRICS_TOKEN = "metrics-test-token-0123456789abcdefghijklmnop";

function prometheusPath(): string {
  if (process.env.PROMETHEUS_PATH) return process.env.PROMETHEUS_PATH;
  const found = spawnSync("sh", ["-c", "command -v prometheus"], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  if (fs.existsSync("/usr/bin/prometheus")) return "/usr/bin/prometheus";
  throw new Error("prometheus is not installed: apt-get install -y prometheus (.ci/run does), or name the binary in PROMETHEUS_PATH.");
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The console's pre-Next.js path, as scripts/server.mjs has it, with METRICS_TOKEN `token`. */
async function consoleServer(token: string | undefined) {
  const router = apiRouter();
  const api = getRequestListener((request) => router.fetch(request), { overrideGlobalObjects: false });
  const server = http.createServer((request, response) => {
    const started = process.hrtime.bigint();
    const pathname = (request.url ?? "/").split("?")[0]!;
    request.headers[CLIENT_IP_HEADER] = request.headers["x-test-ip"]?.toString() ?? "127.0.0.1";
    request.headers[VIA_PROXY_HEADER] = "0";
    response.once("close", () =>
      observeRequest(request.method, pathname, response.statusCode, Number(process.hrtime.bigint() - started) / 1e9),
    );
    if (token !== undefined && pathname === "/metrics") return answerMetrics(request, response, token);
    if (pathname.startsWith("/v2")) return void api(request, response);
    response.writeHead(404).end("Not found"); // Next.js's 404 page, here
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function callApi(url: string, secret: string | undefined) {
  const headers: Record<string, string> = { "x-test-ip": freshIp() };
  if (secret) headers.authorization = `Bearer ${secret}`;
  return (await fetch(`${url}/v2/account/info`, { headers })).status;
}

let consoleUrl: string;
let closeConsole: () => Promise<unknown>;
let secret: string;
let email: string;
beforeAll(async () => {
  const owner = await makeUser();
  email = owner.email;
  secret = (await makeToken(owner, "metrics-reader", "READ_ONLY")).secret;
  ({ url: consoleUrl, close: closeConsole } = await consoleServer(METRICS_TOKEN));
});
afterAll(async () => closeConsole?.());

describe("/metrics on the console's port", () => {
  it("is a 404 when METRICS_TOKEN is unset, and 401 with WWW-Authenticate: Bearer to a wrong or missing bearer", async () => {
    const off = await consoleServer(undefined);
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${off.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    } finally {
      await off.close();
    }
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`, `Bearer ${secret}`]) {
      const response = await fetch(`${consoleUrl}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("tkc_");
    }
    const ok = await fetch(`${consoleUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await ok.text();
    expect(text).toContain("# TYPE tkc_http_requests_total counter");
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(text).toMatch(/tkc_tokens\{state="active"\} [1-9]/);
  });

  it("labels requests by route template, never by a path's id, and holds no email, secret or address", async () => {
    const headers = { authorization: `Bearer ${secret}`, "x-test-ip": "203.0.113.77" };
    expect((await fetch(`${consoleUrl}/v2/api/some-token-id-123`, { headers })).status).not.toBe(200);
    expect(await callApi(consoleUrl, "tkc_not_a_real_token_at_all")).toBe(401);
    const text = await (await fetch(`${consoleUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(text).toMatch(/tkc_http_requests_total\{method="GET",route="\/v2\/api\/\{id\}",status="\d+"\} [1-9]/);
    for (const leak of ["some-token-id-123", secret, email, "203.0.113.77", "tkc_not_a_real_token", METRICS_TOKEN, "@"])
      expect(text, leak).not.toContain(leak);
  });
});

/** A whole environment of its own for readEnv (NODE_ENV is required by Node.js's types). */
const envOf = (values: Record<string, string>) => readEnv({ NODE_ENV: "test", ...values });

describe("the registry", () => {
  it("is one per process: two copies of the module (the app's bundle and the API's) count into the same series", () => {
    const file = path.resolve("lib/server/metrics.mjs");
    const script = `
      const a = await import(${JSON.stringify(`file://${file}?copy=a`)});
      const b = await import(${JSON.stringify(`file://${file}?copy=b`)});
      a.countWebhookDelivery("failed"); b.countWebhookDelivery("failed");
      const { body } = await a.metricsText();
      console.log(body.split("\\n").find((line) => line.startsWith('tkc_webhook_deliveries_total{outcome="failed"}')));
    `;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe('tkc_webhook_deliveries_total{outcome="failed"} 2');
  });

  it("labels a path by its route's template: a small fixed set, whatever the path holds", () => {
    expect(routeTemplate("/v2/api/abc123")).toBe("/v2/api/{id}");
    expect(routeTemplate("/v2/api/abc123/roll")).toBe("/v2/api/{id}/roll");
    expect(routeTemplate("/v2/api/generate")).toBe("/v2/api/generate");
    expect(routeTemplate("/v2/api/self")).toBe("/v2/api/self"); // a token asking of itself, not a key's id
    expect(routeTemplate("/v2/dns/zones/example.com")).toBe("/v2/other");
    expect(routeTemplate("/api-tokens")).toBe("page");
    expect(routeTemplate("/admin/tokens/xyz")).toBe("page");
    expect(routeTemplate("/_next/static/chunks/a.js")).toBe("_next");
    expect(routeTemplate("/api/auth/session")).toBe("/api");
    expect(routeTemplate("/healthz")).toBe("/healthz");
  });

  it("is configured with a METRICS_TOKEN long enough, never echoed in the error, and a METRICS_PORT of its own", () => {
    const short = "short-and-secret";
    const error = (() => {
      try {
        envOf({ METRICS_TOKEN: short });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message).toContain("METRICS_TOKEN");
    expect(error?.message).not.toContain(short);
    expect(() => envOf({ PORT: "3000", METRICS_PORT: "3000" })).toThrow(ConfigError);
    expect(() => envOf({ METRICS_PORT: "70000" })).toThrow(ConfigError);
    expect(() => envOf({ METRICS_HOST: "0.0.0.0" })).toThrow(/METRICS_PORT/);
    // Beyond loopback, never without a token.
    expect(() => envOf({ METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0" })).toThrow(/set METRICS_TOKEN too/);
    expect(() => envOf({ METRICS_PORT: "9464", METRICS_HOST: "metrics.localhost" })).toThrow(/set METRICS_TOKEN too/);
    expect(envOf({ METRICS_PORT: "9464", METRICS_HOST: "0.0.0.0", METRICS_TOKEN })).toMatchObject({ METRICS_HOST: "0.0.0.0" });
    expect(envOf({ METRICS_PORT: "9464", METRICS_HOST: "127.0.0.1" })).toMatchObject({ METRICS_HOST: "127.0.0.1" });
    expect(envOf({ METRICS_PORT: "9464", METRICS_TOKEN: METRICS_TOKEN })).toMatchObject({ METRICS_PORT: 9464, METRICS_TOKEN });
  });
});

describe("METRICS_PORT", () => {
  it("serves /metrics alone on loopback, without a token unless one is set", async () => {
    const port = await freePort();
    const open = await startMetricsServer({ port, host: "127.0.0.1", token: undefined });
    try {
      expect((open.address() as AddressInfo).address).toBe("127.0.0.1");
      const answer = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain("tkc_auth_outcomes_total");
      expect((await fetch(`http://127.0.0.1:${port}/v2/account/info`)).status).toBe(404);
    } finally {
      await new Promise((resolve) => open.close(resolve));
    }
    const other = await freePort(); // fetch's pool may hold a connection to the first
    const guarded = await startMetricsServer({ port: other, host: "127.0.0.1", token: METRICS_TOKEN });
    try {
      expect((await fetch(`http://127.0.0.1:${other}/metrics`)).status).toBe(401);
      const ok = await fetch(`http://127.0.0.1:${other}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(ok.status).toBe(200);
    } finally {
      await new Promise((resolve) => guarded.close(resolve));
    }
  });
});

describe("a real Prometheus", () => {
  let prometheus: ChildProcess | undefined;
  let dir: string;
  let output = "";
  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null && prometheus.signalCode === null) {
      const exited = new Promise((resolve) => prometheus!.once("exit", resolve));
      prometheus.kill("SIGTERM");
      const late = setTimeout(() => prometheus!.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(late);
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("scrapes /metrics with its bearer token and answers a query for the console's series", async () => {
    for (let index = 0; index < 3; index++) expect(await callApi(consoleUrl, undefined)).toBe(401);
    for (let index = 0; index < 2; index++) expect(await callApi(consoleUrl, secret)).toBe(200);

    dir = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-prometheus-"));
    const port = await freePort();
    const target = new URL(consoleUrl).host;
    fs.writeFileSync(
      path.join(dir, "prometheus.yml"),
      [
        "global: { scrape_interval: 1s, evaluation_interval: 1s }",
        "scrape_configs:",
        "  - job_name: console",
        "    metrics_path: /metrics",
        `    authorization: { type: Bearer, credentials: "${METRICS_TOKEN}" }`,
        `    static_configs: [{ targets: ["${target}"] }]`,
        "",
      ].join("\n"),
    );
    prometheus = spawn(
      prometheusPath(),
      [
        `--config.file=${path.join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${path.join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
    ).on("error", (error) => (output += String(error)));
    prometheus.stdout!.on("data", (chunk) => (output += chunk));
    prometheus.stderr!.on("data", (chunk) => (output += chunk));

    const query = async (expression: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(expression)}`);
      const body = (await response.json()) as {
        status: string;
        data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      return body.data.result;
    };
    const deadline = Date.now() + 40_000;
    let up: number | undefined;
    let unauthenticated: number | undefined;
    let ok: number | undefined;
    while (Date.now() < deadline) {
      if (prometheus.exitCode !== null) throw new Error(`prometheus stopped: ${output}`);
      try {
        up = Number((await query('up{job="console"}'))[0]?.value[1]);
        unauthenticated = Number((await query('tkc_auth_outcomes_total{job="console",reason="unauthenticated"}'))[0]?.value[1]);
        ok = Number((await query('sum(tkc_http_requests_total{job="console",route="/v2/account/info",status="200"})'))[0]?.value[1]);
        if (up === 1 && unauthenticated >= 3 && ok >= 2) break;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(up, output).toBe(1);
    expect(unauthenticated).toBeGreaterThanOrEqual(3);
    expect(ok).toBeGreaterThanOrEqual(2);
    // The gauge's series too: the token made above is active.
    const active = await query('tkc_tokens{job="console",state="active"}');
    expect(Number(active[0]?.value[1])).toBeGreaterThanOrEqual(1);
  }, 60_000);
});
