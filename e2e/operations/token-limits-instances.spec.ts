import { expect, test } from "@playwright/test";
import { startServer, type RunningServer } from "../support/server";
import { mintToken, tempDir } from "./support";

// Issue 26: a token's quota, spent on two live instances sharing one Redis and one database, lets
// through exactly the quota, never more; a refill on one instance counts on the other at once.
// Run only when TEST_REDIS_URL names a Redis: playwright.config.ts leaves every *instances.spec.ts
// out otherwise, and `npm test` says so in its summary.

let a: RunningServer;
let b: RunningServer;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = tempDir("quota-instances");
  // A key prefix of this run's own: counts from an earlier run in the same Redis do not carry over.
  const shared = { REDIS_URL: process.env.TEST_REDIS_URL!, REDIS_KEY_PREFIX: `test-quota-${Date.now()}` };
  a = await startServer(3441, shared, { dataDir });
  b = await startServer(3442, shared, { dataDir });
});
test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
});

const headers = (secret: string) => ({ Authorization: `Bearer ${secret}`, "Content-Type": "application/json" });

test("two instances together never let a token through more than its quota, and a refill counts everywhere at once", async ({
  request,
}) => {
  const { token: manager } = mintToken(dataDir);
  const made = await request.post(`${a.url}/v2/api/generate`, {
    headers: headers(manager),
    data: { name: "metered", write: "on", quota: 25 },
  });
  expect(made.status()).toBe(200);
  const { apikey: secret, id } = (await made.json()) as { apikey: string; id: string };

  // 60 requests at once, every other one to each instance.
  const answers = await Promise.all(
    Array.from({ length: 60 }, (_, i) => request.get(`${(i % 2 ? a : b).url}/v2/account/info`, { headers: headers(secret) })),
  );
  const statuses = answers.map((answer) => answer.status());
  expect(statuses.filter((status) => status === 200)).toHaveLength(25);
  expect(statuses.filter((status) => status === 429)).toHaveLength(35);
  const refused = answers.find((answer) => answer.status() === 429)!;
  expect(await refused.json()).toMatchObject({ errors: [{ code: "usage_exceeded" }] });

  // Both wrote what they spent: the row says none is left.
  await expect(async () => {
    const listed = await request.get(`${b.url}/v2/api`, { headers: headers(manager) });
    const key = ((await listed.json()) as { api: Array<{ id: string; quota_remaining: number | null }> }).api.find((k) => k.id === id);
    expect(key?.quota_remaining).toBe(0);
  }).toPass({ timeout: 10_000 });

  // Refilled through B by another of the owner's keys: A lets the next request through at once.
  const refill = await request.patch(`${b.url}/v2/api/${id}`, { headers: headers(manager), data: { quota_remaining: 3 } });
  expect(refill.status()).toBe(200);
  const after = [];
  for (let i = 0; i < 4; i++) after.push((await request.get(`${a.url}/v2/account/info`, { headers: headers(secret) })).status());
  expect(after).toEqual([200, 200, 200, 429]);
  // Spent again, it cannot lift its quota itself: its own edit is refused like any request.
  const self = await request.patch(`${a.url}/v2/api/${id}`, { headers: headers(secret), data: { quota_remaining: 100 } });
  expect(self.status()).toBe(429);
  expect(await self.json()).toMatchObject({ errors: [{ code: "usage_exceeded" }] });
});
