import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import { startServer, type RunningServer } from "../support/server";
import { isRunning, mintToken, npmStart, processTree, ready, sleep, tempDir, waitFor } from "./support";

// Issue 11: the things around the request path, tried as an operator would.

const api = (url: string, token: string, method = "GET", body?: unknown) =>
  fetch(`${url}${method === "GET" ? "/v2/account/info" : "/v2/api/generate"}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

/** A POST whose body arrives in two parts: in flight from its headers until `finish` sends the rest. */
function slowRequest(url: string, token: string, name: string) {
  const socket = net.connect(Number(new URL(url).port), "127.0.0.1");
  let answer = "";
  socket.on("data", (chunk) => (answer += chunk));
  const body = JSON.stringify({ name });
  socket.write(
    `POST /v2/api/generate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
  );
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  return { finish: () => socket.write(body.slice(5)), answer: () => answer, closed };
}

test.describe("restart and shutdown (findings 1 and 2)", () => {
  test("a restart while the old server drains comes up, and loses no acknowledged write", async () => {
    const dataDir = tempDir("restart");
    const env = { SHUTDOWN_TIMEOUT_SECONDS: "4" };
    let server: RunningServer = await startServer(3151, env, { dataDir });
    const { token } = mintToken(dataDir);
    const acknowledged: string[] = [];
    let running = true;
    // Writes through the API, all the while; a name answered 200 is an acknowledged write.
    const load = (async () => {
      for (let i = 0; running; i++) {
        const name = `load-${i}`;
        const response = await api(server.url, token, "POST", { name }).catch(() => null);
        if (response?.status === 200) acknowledged.push(name);
        else await sleep(20);
      }
    })();
    await waitFor(() => acknowledged.length >= 10, 20_000, "writes before the restart");

    // A request left in flight keeps the old server draining while the new one starts on the same database.
    const stuck = slowRequest(server.url, token, "never-finished");
    await sleep(200);
    const old = server;
    process.kill(old.pid, "SIGTERM");
    await waitFor(
      () => new Promise((resolve) => http.get(`${old.url}/healthz`, () => resolve(false)).on("error", () => resolve(true))),
      5_000,
      "the old server to stop listening",
    );
    expect(isRunning(old.pid)).toBe(true); // still draining
    server = await startServer(3151, env, { dataDir });
    expect(await ready(server.url)).toBe(true);
    const before = acknowledged.length;
    await waitFor(() => acknowledged.length >= before + 10, 20_000, "writes after the restart");
    running = false;
    await load;
    // The old one gave up its stuck request at its deadline, and exited.
    await waitFor(() => !isRunning(old.pid), 10_000, "the old server to exit");
    await stuck.closed;
    expect(old.output()).toContain('"event":"server.stopped"');
    expect(old.output()).toContain('"cutShort":1');

    const db = new Database(path.join(dataDir, "token-console.db"), { readonly: true });
    const names = new Set(db.prepare(`SELECT "name" FROM "ApiToken"`).pluck().all() as string[]);
    const audited = db
      .prepare(`SELECT count(*) FROM "AuditEvent" WHERE "action" = 'token.created' AND "targetTokenName" LIKE 'load-%'`)
      .pluck()
      .get();
    db.close();
    expect(acknowledged.filter((name) => !names.has(name))).toEqual([]);
    expect(audited).toBe(acknowledged.length);
    await server.stop();
  });

  test("SIGTERM finishes the request in flight within the deadline, closes keep-alive connections, and exits", async () => {
    const dataDir = tempDir("shutdown");
    const server = await startServer(3152, { SHUTDOWN_TIMEOUT_SECONDS: "10" }, { dataDir });
    const { token } = mintToken(dataDir);
    // A keep-alive connection, idle after its answer.
    const agent = new http.Agent({ keepAlive: true });
    const idle = await new Promise<http.IncomingMessage>((resolve) => http.get(`${server.url}/healthz`, { agent }, resolve));
    idle.resume();
    const idleSocket = idle.socket;
    const idleClosed = new Promise<void>((resolve) => idleSocket.once("close", () => resolve()));

    const inFlight = slowRequest(server.url, token, "finished-while-stopping");
    await sleep(300);
    const stopping = Date.now();
    process.kill(server.pid, "SIGTERM");
    await idleClosed; // closed at once, not after its keep-alive timeout
    await sleep(500);
    // The request in flight is still answered, and told the connection closes.
    inFlight.finish();
    await inFlight.closed;
    expect(inFlight.answer()).toMatch(/^HTTP\/1\.1 200 /);
    expect(inFlight.answer().toLowerCase()).toContain("connection: close");
    await waitFor(() => !isRunning(server.pid), 5_000, "the server to exit");
    expect(Date.now() - stopping).toBeLessThan(5_000);
    const db = new Database(path.join(dataDir, "token-console.db"), { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM "ApiToken" WHERE "name" = 'finished-while-stopping'`).pluck().get()).toBe(1);
    db.close();
  });

  test("SIGTERM under keep-alive load: /readyz turns 503 first, the drain serves on, and no request is reset", async () => {
    const dataDir = tempDir("drain");
    const server = await startServer(3154, { SHUTDOWN_DRAIN_SECONDS: "2", SHUTDOWN_TIMEOUT_SECONDS: "10" }, { dataDir });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const get = (pathname: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get(`${server.url}${pathname}`, { agent }, (response) => {
            response.resume();
            response.on("end", () => resolve(response.statusCode ?? 0));
          })
          .on("error", reject);
      });
    const outcomes = { ok: 0, refused: 0, reset: [] as string[] };
    let signalled = 0;
    const client = async () => {
      for (;;) {
        try {
          if ((await get("/v2/openapi.json")) === 200) outcomes.ok++;
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? String(error);
          // After the listener has closed a new connection is refused: the client was told to go (and the request never left).
          if (code === "ECONNREFUSED") return void outcomes.refused++;
          outcomes.reset.push(code);
          return;
        }
        if (signalled && Date.now() - signalled > 15_000) return;
      }
    };
    const clients = Array.from({ length: 16 }, client);
    await sleep(1_500);
    signalled = Date.now();
    process.kill(server.pid, "SIGTERM");
    await sleep(300);
    // Stopping: /readyz says so at once, while requests are still served during the drain.
    expect(await get("/readyz")).toBe(503);
    const duringDrain = outcomes.ok;
    await sleep(1_000);
    expect(outcomes.ok).toBeGreaterThan(duringDrain);
    await Promise.all(clients);
    await waitFor(() => !isRunning(server.pid), 15_000, "the server to exit");
    expect(outcomes.reset).toEqual([]);
    expect(outcomes.ok).toBeGreaterThan(100);
  });

  for (const target of ["npm", "sh", "node"] as const) {
    test(`SIGTERM to the ${target} process of npm start leaves no process behind`, async () => {
      const port = 3153;
      const started = npmStart(port, tempDir(`tree-${target}`), { SHUTDOWN_TIMEOUT_SECONDS: "3" });
      const url = `http://127.0.0.1:${port}`;
      await waitFor(() => ready(url), 60_000, `npm start to serve (${started.output()})`);
      const tree = processTree(started.child.pid!);
      const commands = tree.map((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim());
      const index = {
        npm: 0,
        sh: commands.findIndex((c) => c.startsWith("sh ")),
        node: commands.findIndex((c) => c.includes("scripts/start.mjs") && !c.startsWith("sh ")),
      }[target];
      expect(index, commands.join("\n")).toBeGreaterThanOrEqual(0);
      process.kill(tree[index]!, "SIGTERM");
      await waitFor(() => tree.every((pid) => !isRunning(pid)), 10_000, `every process to exit (${commands.join(", ")})`);
      expect(await ready(url)).toBe(false);
    });
  }
});

test.describe("a busy database (finding 3)", () => {
  test("a held write lock gives 503 with Retry-After to writes, and reads and pages go on", async () => {
    const dataDir = tempDir("busy");
    const server = await startServer(3154, { DATABASE_BUSY_TIMEOUT_MS: "500" }, { dataDir });
    const { token, tokenId } = mintToken(dataDir);
    const holder = new Database(path.join(dataDir, "token-console.db"), { timeout: 5000 });
    holder.exec("BEGIN IMMEDIATE");
    try {
      // The token's first use is due a last-used write: it must not hold anything up.
      const timings: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = Date.now();
        expect((await api(server.url, token)).status).toBe(200);
        expect((await fetch(`${server.url}/login`)).status).toBe(200);
        timings.push(Date.now() - t0);
      }
      // Before: about 10 s each (SQLite's busy wait on the server's only thread).
      expect(Math.max(...timings)).toBeLessThan(2_000);

      const write = await api(server.url, token, "POST", { name: "while-locked" });
      expect(write.status).toBe(503);
      expect(write.headers.get("retry-after")).toBe("1");
      expect(await write.json()).toEqual({
        status: "error",
        message: "The service is busy for a moment. Retry in a second.",
        errors: [{ code: "busy", message: "The service is busy for a moment. Retry in a second." }],
      });
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    // Unlocked: the write goes through, and the deferred last-used time is written.
    expect((await api(server.url, token, "POST", { name: "after-lock" })).status).toBe(200);
    const db = new Database(path.join(dataDir, "token-console.db"), { readonly: true });
    await waitFor(
      () => db.prepare(`SELECT "lastUsedAt" FROM "ApiToken" WHERE "id" = ?`).pluck().get(tokenId) !== null,
      5_000,
      "the last-used time",
    );
    expect(db.prepare(`SELECT count(*) FROM "ApiToken" WHERE "name" = 'while-locked'`).pluck().get()).toBe(0);
    db.close();
    expect(server.output()).not.toContain('"level":"error"');
    await server.stop();
  });
});

test.describe("health and request logs (finding 5)", () => {
  test("/healthz and /readyz answer without authentication or limits; every request is logged once, without secrets", async () => {
    const dataDir = tempDir("logs");
    const server = await startServer(3155, { API_AUTH_FAILURES_PER_IP: "3" }, { dataDir });
    const { token, tokenId, userId } = mintToken(dataDir);

    const answer = await fetch(`${server.url}/v2/account/info`, {
      headers: { Authorization: `Bearer ${token}`, "X-Request-Id": "forged" },
    });
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/); // generated: a client's own id is not believed
    // A token in a URL is refused, and neither it nor the query string reaches the log.
    expect((await fetch(`${server.url}/v2/account/info?debug=${token}`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(
      401,
    );

    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok" });
    const readiness = await fetch(`${server.url}/readyz`);
    expect(readiness.headers.get("cache-control")).toBe("no-store");
    expect(await readiness.json()).toEqual({ status: "ok", checks: { database: "ok", migrations: "ok" } });
    expect((await fetch(`${server.url}/readyz`, { method: "POST" })).status).toBe(405);
    // Junk tokens exhaust this address's allowance (429); health checks are not limited.
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/v2/api`, { headers: { Authorization: "Bearer junk" } });
    expect((await fetch(`${server.url}/v2/api`, { headers: { Authorization: "Bearer junk" } })).status).toBe(429);
    for (let i = 0; i < 20; i++) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);

    await sleep(300);
    const lines = server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const logged = lines.filter((line) => line.event === "request" && line.requestId === requestId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      level: "info",
      method: "GET",
      path: "/v2/account/info",
      status: 200,
      ip: "127.0.0.1",
      userId,
      tokenId,
    });
    expect(typeof logged[0]!.ms).toBe("number");
    expect(lines.filter((line) => line.event === "request" && line.status === 401)).not.toHaveLength(0);
    expect(server.output()).not.toContain(token);
    expect(server.output()).not.toContain("debug=");
    // Health checks are logged at debug only: a load balancer does not flood the log.
    expect(lines.some((line) => line.event === "request" && line.path === "/readyz")).toBe(false);
    await server.stop();
  });
});
