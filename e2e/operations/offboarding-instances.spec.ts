import crypto from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { USERS_WORDS } from "../../app/(dashboard)/admin/users/words";
import { createToken, signUp, uniqueUser } from "../support/console";
import { startServer, type RunningServer } from "../support/server";
import { databaseUrlFor, dropDatabase, onServer } from "../../test/postgres";
import { tempDir } from "./support";

// Issue 27 on two instances sharing one database and one Redis (as instances.spec.ts, run when
// TEST_REDIS_URL is set; on PostgreSQL when TEST_DATABASE_URL is set too): an admin disables an
// account on A; the very next request to B with its session or its personal token is refused.
// Nothing is cached per instance: the rows are gone, and both read the one database.

let a: RunningServer;
let b: RunningServer;
let balancer: http.Server;
let dropAfter = async () => {};
// One origin for both, as behind a load balancer; each browser names its instance in a header.
const BALANCER = "http://127.0.0.1:3921";

test.beforeAll(async () => {
  const shared = { REDIS_URL: process.env.TEST_REDIS_URL!, REDIS_KEY_PREFIX: `test-offboard-${Date.now()}` };
  if (process.env.TEST_DATABASE_URL) {
    const database = `tc_offboard_${Date.now().toString(36)}`;
    await onServer(`CREATE DATABASE "${database}"`);
    dropAfter = () => dropDatabase(database);
    const env = {
      ...shared,
      DATABASE_URL: databaseUrlFor(database),
      AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
      TOKEN_PEPPER: crypto.randomBytes(32).toString("base64"),
      NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
      PUBLIC_URL: BALANCER,
    };
    [a, b] = await Promise.all([startServer(3922, env), startServer(3923, env)]);
  } else {
    const dataDir = tempDir("offboarding-instances");
    a = await startServer(3922, shared, { dataDir });
    b = await startServer(3923, shared, { dataDir });
  }
  balancer = http.createServer((request, response) => {
    const target = new URL((request.headers["x-instance"] === "b" ? b : a).url);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  await new Promise<void>((resolve) => balancer.listen(3921, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  balancer?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await dropAfter();
});

test("disabled on one instance: the other refuses its session and its personal token at the next request", async ({ browser }) => {
  const adminContext = await browser.newContext({ baseURL: BALANCER, extraHTTPHeaders: { "x-instance": "a" } });
  const admin = await adminContext.newPage();
  await signUp(admin, uniqueUser("offboard-admin"));

  const leaverContext = await browser.newContext({ baseURL: BALANCER, extraHTTPHeaders: { "x-instance": "b" } });
  const leaverPage = await leaverContext.newPage();
  const leaver = uniqueUser("offboard-leaver");
  await signUp(leaverPage, leaver);
  const secret = await createToken(leaverPage, `leaving-${Date.now()}`, "Write");
  const use = (server: RunningServer) => fetch(`${server.url}/v2/account/info`, { headers: { Authorization: `Bearer ${secret}` } });
  expect((await use(a)).status).toBe(200);
  expect((await use(b)).status).toBe(200);

  await admin.goto(`/admin/users?email=${encodeURIComponent(leaver.email)}`);
  await admin.getByRole("button", { name: `${USERS_WORDS.disable} ${leaver.email}` }).click();
  await admin.getByRole("alertdialog").getByRole("button", { name: USERS_WORDS.disableConfirm }).click();
  await expect(admin.getByRole("status").filter({ hasText: USERS_WORDS.disabledNotice(leaver.email, 1) })).toBeVisible();

  expect((await use(b)).status).toBe(401);
  expect((await use(a)).status).toBe(401);
  await leaverPage.goto("/api-tokens");
  await expect(leaverPage).toHaveURL(/\/login/);
  expect(a.output() + b.output()).not.toContain('"level":"error"');
  await Promise.all([adminContext.close(), leaverContext.close()]);
});
