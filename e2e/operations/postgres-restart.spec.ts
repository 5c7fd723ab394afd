import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../support/server";
import { startPrivatePostgres, type PrivatePostgres } from "./private-postgres";
import { mintToken, sleep, tempDir } from "./support";

// Issue 21, finding 7 and "PostgreSQL restarted under load": a PostgreSQL server of the test's
// own (e2e/operations/private-postgres.ts), stopped the way a restart or failover stops it
// (sessions ended at once) while clients read and write through the API, then started again.
// Not one 500 and not one reset connection: while it is away every answer is 503 with
// Retry-After, and the first requests after it is back are served. An instance started while
// the database is down waits for it instead of exiting.

const PG_PORT = 5491;
let postgres: PrivatePostgres;
let server: RunningServer;
let env: Record<string, string>;
let token: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  postgres = startPrivatePostgres(PG_PORT);
  env = {
    DATABASE_URL: postgres.url,
    AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
    TOKEN_PEPPER: crypto.randomBytes(32).toString("base64"),
    NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    PUBLIC_URL: "http://127.0.0.1:3186",
    API_REQUESTS_PER_TOKEN_PER_MINUTE: "100000",
  };
});
test.afterAll(async () => {
  await server?.stop();
  postgres?.remove();
});

test("an instance started while PostgreSQL is down waits for it, and comes up with it", async () => {
  test.setTimeout(120_000);
  postgres.stop();
  const dataDir = tempDir("postgres-restart");
  const starting = startServer(3186, env, { dataDir });
  starting.catch(() => {});
  await sleep(3_000);
  postgres.start();
  server = await starting;
  expect(server.output()).toContain('"database.waiting"');
  expect(server.output()).toContain('"database.up"');
  token = mintToken(dataDir, env).token;
});

type Outcome = { at: number; what: string; status: number; retryAfter: string | null };

test("PostgreSQL restarted under load: 503 with Retry-After while it is away, never a 500 or a reset, served once it is back", async () => {
  test.setTimeout(120_000);
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  let running = true;
  const request = async (what: string, path: string, init: RequestInit = {}) => {
    try {
      const response = await fetch(`${server.url}${path}`, { ...init, headers });
      const body = await response.text();
      outcomes.push({ at: Date.now(), what, status: response.status, retryAfter: response.headers.get("retry-after") });
      return { status: response.status, body };
    } catch (error) {
      failures.push(`${what}: ${String((error as Error).cause ?? error)}`);
      return { status: 0, body: "" };
    }
  };
  // Four clients, each reading, listing, creating and deleting a token in turn.
  const client = async (n: number) => {
    for (let i = 0; running; i++) {
      await request("read", "/v2/account/info");
      await request("list", "/v2/api");
      const made = await request("create", "/v2/api/generate", {
        method: "POST",
        body: JSON.stringify({ name: `load-${n}-${i}`, write: "0" }),
      });
      if (made.status === 200) {
        const { id } = JSON.parse(made.body) as { id: string };
        await request("delete", `/v2/api/${id}/delete`, { method: "DELETE" });
      }
    }
  };
  const clients = [0, 1, 2, 3].map(client);

  await sleep(2_000);
  const stoppedAt = Date.now();
  postgres.stop();
  await sleep(3_000);
  const readiness = await fetch(`${server.url}/readyz`);
  expect(readiness.status).toBe(503);
  postgres.start();
  const backAt = Date.now();
  // Load on until every kind of request has been served again, 20 s at most.
  const servedAgain = (what: string) => outcomes.some((o) => o.at > backAt && o.what === what && o.status === 200);
  await expect.poll(() => ["read", "list", "create", "delete"].every(servedAgain), { timeout: 20_000 }).toBe(true);
  await sleep(1_000);
  running = false;
  await Promise.all(clients);

  const firstServed = Math.max(
    ...["read", "list", "create", "delete"].map((what) => outcomes.find((o) => o.at > backAt && o.what === what && o.status === 200)!.at),
  );
  const away = outcomes.filter((o) => o.at > stoppedAt + 200 && o.at < backAt);
  console.info(
    `PostgreSQL restart: ${outcomes.length} requests, ${away.length} while it was away (${away.filter((o) => o.status === 503).length} answered 503); ` +
      `every kind served again ${firstServed - backAt} ms after it accepted connections`,
  );
  expect(failures).toEqual([]);
  expect(outcomes.filter((o) => o.status !== 200 && o.status !== 503).map((o) => `${o.what} ${o.status}`)).toEqual([]);
  expect(away.length).toBeGreaterThan(0);
  expect(away.every((o) => o.status === 503)).toBe(true);
  expect(outcomes.filter((o) => o.status === 503 && !o.retryAfter)).toEqual([]);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  expect(server.output()).not.toContain('"status":500');
});
