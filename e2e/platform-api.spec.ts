import { BASE_URL } from "../playwright.config";
import { createToken, deleteToken, expect, test, tokenRow } from "./fixtures";

test("a console-made Write token creates a key through the API; deleting that key in the console revokes it at once", async ({
  page,
  request,
  tokenName,
}) => {
  await page.goto("/api-tokens");
  const consoleName = tokenName("console-writer");
  const writeToken = await createToken(page, consoleName, "Write");
  await expect(tokenRow(page, consoleName).getByRole("cell").nth(3)).toHaveText("Never");

  // The console's session cookie alone opens nothing in the API.
  const cookieOnly = await request.get("/v2/api");
  expect(cookieOnly.status()).toBe(401);

  const apiName = tokenName("made-by-api");
  const created = await request.post("/v2/api/generate", {
    headers: { Authorization: `Bearer ${writeToken}` },
    data: { name: apiName, write: "0" },
  });
  expect(created.status()).toBe(200);
  expect(created.headers()["cache-control"]).toBe("no-store");
  const body = await created.json();
  expect(body).toMatchObject({ status: "success", message: "New API has been created", name: apiName, write: "0" });
  const apiToken: string = body.apikey;

  // It shows up in the listing at once.
  await page.reload();
  await expect(tokenRow(page, apiName).getByRole("cell").nth(1)).toHaveText("Read-Only");
  // The console-made token gains a last-used time: written off the request path, within a second or two.
  await expect(async () => {
    await page.reload();
    await expect(tokenRow(page, consoleName).getByRole("cell").nth(3).locator("time")).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 10_000 });
  expect(await page.content()).not.toContain(apiToken);

  const listed = await request.get("/v2/api", { headers: { Authorization: `Bearer ${apiToken}` } });
  expect(listed.status()).toBe(200);
  expect((await listed.json()).api.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining([consoleName, apiName]));

  // Delete it in the console: the very next API call with it is refused.
  // deleteToken waits for the confirmation to close and its notice: the delete has committed.
  await deleteToken(page, apiName);
  const after = await request.get("/v2/api", { headers: { Authorization: `Bearer ${apiToken}` } });
  expect(after.status()).toBe(401);
  const refusal = "Authentication failed: send a valid API token as 'Authorization: Bearer <token>'.";
  expect(await after.json()).toEqual({ status: "error", message: refusal, errors: [{ code: "unauthenticated", message: refusal }] });

  // A Read-Only token may read but not write.
  const denied = await request.post("/v2/api/generate", {
    headers: { Authorization: `Bearer ${await createToken(page, tokenName("reader"), "Read-Only")}` },
    data: { name: tokenName("nope") },
  });
  expect(denied.status()).toBe(403);
});

test("the API docs page documents every endpoint of the OpenAPI document, with this server's base URL", async ({ page, request }) => {
  await page.setViewportSize({ width: 1360, height: 900 });
  await page.goto("/api-tokens");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API Docs" }).click();
  await expect(page.getByRole("heading", { name: "API Docs", level: 1 })).toBeVisible();

  const document = await (await request.get("/v2/openapi.json")).json();
  expect(document.servers[0].url).toBe("/v2"); // relative: no PUBLIC_URL is set for the tests
  const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(operations.length).toBe(17); // account info, the calling token itself, list, generate, edit, delete, roll, narrow, disable, enable, usage, request log, forward auth, introspection, revoke found credentials, GitHub secret scanning, this document
  for (const operation of operations) {
    const [method, path] = operation.split(" ");
    const section = page.getByRole("region", { name: operation, exact: true });
    await expect(section).toBeVisible();
    await expect(section.locator("pre").first()).toContainText(`curl -X ${method} "${BASE_URL}/v2${path!.replace("{id}", "<id>")}"`);
  }
  // Nothing on the page comes from another origin.
  const foreign = await page.evaluate(
    (origin) =>
      [...document.querySelectorAll("script[src], link[href], img[src]")]
        .map((el) => (el as HTMLScriptElement).src || (el as HTMLLinkElement).href)
        .filter((url) => url && !url.startsWith(origin)),
    BASE_URL,
  );
  expect(foreign).toEqual([]);
  await page.screenshot({ path: "e2e/screenshots/api-docs.png", fullPage: false });
});
