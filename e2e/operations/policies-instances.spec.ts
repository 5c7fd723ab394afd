import { expect, test } from "@playwright/test";
import { POLICY_WORDS } from "../../app/(dashboard)/admin/policies/words";
import { createToken, signUp, uniqueUser } from "../support/console";
import type { RunningServer } from "../support/server";
import { startTwoInstances, type TwoInstances } from "./two-instances";

// Issue 28 on two instances sharing one database and one Redis (as offboarding-instances.spec.ts,
// on PostgreSQL when TEST_DATABASE_URL is set): a token disabled through one instance is refused
// by the other at its next request, and enabled again, accepted there at once; a policy saved on
// one instance is in force for the next creation on the other. No instance caches either.

let a: RunningServer;
let b: RunningServer;
let instances: TwoInstances | undefined;
const BALANCER = "http://127.0.0.1:3931";

test.beforeAll(async () => {
  instances = await startTwoInstances({
    label: "policies",
    ports: [3931, 3932, 3933],
    route: (request, both) => (request.headers["x-instance"] === "b" ? both.b : both.a),
  });
  ({ a, b } = instances);
});
test.afterAll(async () => {
  await instances?.stop();
});

type Answer = { status?: string; key_status?: string; errors?: Array<{ code: string }>; api?: Array<{ id: string; name: string }> };
const call = async (server: RunningServer, secret: string, path: string, body?: object) => {
  const response = await fetch(`${server.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { Authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer };
};

test("disable and enable, and a policy change, are in force on the other instance at the next request", async ({ browser }) => {
  const adminContext = await browser.newContext({ baseURL: BALANCER, extraHTTPHeaders: { "x-instance": "a" } });
  const admin = await adminContext.newPage();
  await signUp(admin, uniqueUser("policies-admin"));
  const memberContext = await browser.newContext({ baseURL: BALANCER, extraHTTPHeaders: { "x-instance": "b" } });
  const member = await memberContext.newPage();
  await signUp(member, uniqueUser("policies-member"));
  const worker = await createToken(member, "worker", "Write");
  const manager = await createToken(member, "manager", "Write");
  const listed = await call(b, manager, "/v2/api");
  const workerId = listed.json.api!.find((key) => key.name === "worker")!.id;

  // The worker disables itself through A: B refuses it at its very next request.
  expect((await call(a, worker, `/v2/api/${workerId}/disable`, {})).json).toMatchObject({ key_status: "disabled" });
  const refused = await call(b, worker, "/v2/account/info");
  expect(refused.status).toBe(401);
  expect(refused.json.errors![0]!.code).toBe("token_disabled");
  // It may not enable itself; the member's other key enables it through B, and A lets it in at once.
  expect((await call(b, worker, `/v2/api/${workerId}/enable`, {})).status).toBe(401);
  expect((await call(b, manager, `/v2/api/${workerId}/enable`, {})).json).toMatchObject({ key_status: "active" });
  expect((await call(a, worker, "/v2/account/info")).status).toBe(200);

  // The admin requires allowed IPs for write on A: B refuses the next such key, and makes it once the rule is gone.
  const setRule = async (on: boolean) => {
    await admin.goto("/admin/policies");
    await expect(admin.getByRole("heading", { name: POLICY_WORDS.title, level: 1 })).toBeVisible();
    await admin.getByRole("checkbox", { name: POLICY_WORDS.requireAllowedIps }).setChecked(on);
    await admin.getByRole("button", { name: POLICY_WORDS.save }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Policies saved" })).toBeVisible();
  };
  await setRule(true);
  const blocked = await call(b, manager, "/v2/api/generate", { name: "from-anywhere", write: "on" });
  expect(blocked.status).toBe(422);
  expect(blocked.json.errors![0]!.code).toBe("policy_violation");
  const pinned = await call(b, manager, "/v2/api/generate", { name: "pinned", write: "on", allowed_ips: ["203.0.113.0/24"] });
  expect(pinned.json).toMatchObject({ status: "success", key_status: "active" });
  await setRule(false);
  expect((await call(b, manager, "/v2/api/generate", { name: "from-anywhere", write: "on" })).json).toMatchObject({ status: "success" });

  expect(a.output() + b.output()).not.toContain('"level":"error"');
  await Promise.all([adminContext.close(), memberContext.close()]);
});
