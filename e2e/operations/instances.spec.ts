import http from "node:http";
import { expect, test } from "@playwright/test";
import { createToken, deleteToken, signUp, tokenRow, uniqueUser } from "../support/console";
import { requestFrom, type RunningServer } from "../support/server";
import { startTwoInstances, type TwoInstances } from "./two-instances";

// Issue 12: two instances behind one load balancer, sharing one database and one Redis. Run
// when TEST_REDIS_URL is set (playwright.config.ts): on PostgreSQL when TEST_DATABASE_URL is
// set too, each instance with a data folder of its own (stateless: everything it shares comes
// from the environment); otherwise on one SQLite file.

let a: RunningServer;
let b: RunningServer;
let instances: TwoInstances | undefined;
/** Which instance the load balancer sends a request to; by default, every request to A. */
let route: (request: http.IncomingMessage) => RunningServer = () => a;
const BALANCER = "http://127.0.0.1:3170";

test.beforeAll(async () => {
  instances = await startTwoInstances({
    label: "instances",
    ports: [3170, 3171, 3172],
    env: { API_AUTH_FAILURES_PER_IP: "6", ACTIVITY_FLUSH_SECONDS: "1" },
    route: (request) => route(request),
  });
  ({ a, b } = instances);
});
test.afterAll(async () => {
  await instances?.stop();
});

test("a session, a page and its actions, and a token move between instances; a delete on one is refused at once by the other", async ({
  browser,
}) => {
  const context = await browser.newContext({ baseURL: BALANCER });
  const page = await context.newPage();
  route = () => a;
  await signUp(page, uniqueUser("instances"));
  const name = `two-instances-${Date.now()}`;
  const secret = await createToken(page, name, "Write");

  // The session made on A opens the console on B.
  route = () => b;
  await page.goto("/api-tokens");
  await expect(tokenRow(page, name)).toHaveCount(1);

  // The token made on A works on B.
  const use = (server: RunningServer) => fetch(`${server.url}/v2/account/info`, { headers: { Authorization: `Bearer ${secret}` } });
  expect((await use(b)).status).toBe(200);

  // A page rendered by A; its delete action, posted, goes to B.
  route = (request) => (request.method === "POST" ? b : a);
  await page.goto("/api-tokens");
  await deleteToken(page, name);
  // The very next request to A is refused: what B committed is what A reads.
  expect((await use(a)).status).toBe(401);
  expect((await use(b)).status).toBe(401);
  await context.close();
});

test("failed authentications spread over both instances meet one limit", async () => {
  // From an address of its own (all of 127.0.0.0/8 is this machine), so that only these count.
  const junk = (server: RunningServer) => requestFrom("127.0.0.9", `${server.url}/v2/api`, { headers: { Authorization: "Bearer junk" } });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await junk(a)).status, (await junk(b)).status);
  expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
  // Six in all, three on each: the shared allowance is spent on both.
  expect((await junk(a)).status).toBe(429);
  expect((await junk(b)).status).toBe(429);
  const ready = await (await fetch(`${b.url}/readyz`)).json();
  expect(ready).toEqual({ status: "ok", checks: { database: "ok", migrations: "ok", redis: "ok" } });
  expect(a.output() + b.output()).not.toContain('"level":"error"');
});

test("a token's requests on both instances add up in its activity, refusals included", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: BALANCER });
  const page = await context.newPage();
  route = () => a;
  await signUp(page, uniqueUser("instances-activity"));
  const secret = await createToken(page, `activity-${Date.now()}`, "Read-Only");
  await context.close();
  const auth = { Authorization: `Bearer ${secret}` };
  const keys = (await (await fetch(`${a.url}/v2/api`, { headers: auth })).json()) as { api: Array<{ id: string }> };
  const id = keys.api[0]!.id;
  // Five more on A, six on B, one of them refused (a Read-Only key editing).
  for (let i = 0; i < 5; i++) expect((await fetch(`${a.url}/v2/account/info`, { headers: auth })).status).toBe(200);
  for (let i = 0; i < 5; i++) expect((await fetch(`${b.url}/v2/account/info`, { headers: auth })).status).toBe(200);
  const edit = await fetch(`${b.url}/v2/api/${id}`, {
    method: "PATCH",
    headers: { ...auth, "Content-Type": "application/json" },
    body: JSON.stringify({ description: "x" }),
  });
  expect(edit.status).toBe(403);
  // Each instance writes its own counts; the stored ones are their sum (the two reads of usage count too).
  const usage = async () => {
    const answer = (await (await fetch(`${b.url}/v2/api/${id}/usage?window=24h`, { headers: auth })).json()) as {
      totals: Record<string, number>;
    };
    return answer.totals;
  };
  await expect.poll(async () => (await usage()).denied_permission, { timeout: 15_000 }).toBe(1);
  await expect.poll(async () => ((await usage()).ok ?? 0) >= 11, { timeout: 15_000 }).toBe(true);
  const lines = (await (await fetch(`${a.url}/v2/api/${id}/requests?outcome=denied_permission`, { headers: auth })).json()) as {
    requests: Array<{ method: string; path: string; status: number }>;
  };
  expect(lines.requests).toEqual([expect.objectContaining({ method: "PATCH", path: `/v2/api/${id}`, status: 403 })]);
});
