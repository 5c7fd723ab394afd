import { expect, test } from "@playwright/test";
import { USERS_WORDS } from "../../app/(dashboard)/admin/users/words";
import { createToken, signUp, uniqueUser } from "../support/console";
import type { RunningServer } from "../support/server";
import { startTwoInstances, type TwoInstances } from "./two-instances";

// Issue 27 on two instances sharing one database and one Redis (as instances.spec.ts, run when
// TEST_REDIS_URL is set; on PostgreSQL when TEST_DATABASE_URL is set too): an admin disables an
// account on A; the very next request to B with its session or its personal token is refused.
// Nothing is cached per instance: the rows are gone, and both read the one database.

let a: RunningServer;
let b: RunningServer;
let instances: TwoInstances | undefined;
// One origin for both, as behind a load balancer; each browser names its instance in a header.
const BALANCER = "http://127.0.0.1:3921";

test.beforeAll(async () => {
  instances = await startTwoInstances({
    label: "offboard",
    ports: [3921, 3922, 3923],
    route: (request, both) => (request.headers["x-instance"] === "b" ? both.b : both.a),
  });
  ({ a, b } = instances);
});
test.afterAll(async () => {
  await instances?.stop();
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
