import type { APIRequestContext } from "@playwright/test";
import { closeReveal, editToken, expect, fillCreateDrawer, openTokenDetails, submitCreateDrawer, test, tokenRow } from "./fixtures";

// Issue 14 in the console: a description and allowed IPs at creation, an IP-restricted token
// refused from the test's own address and accepted once the list is widened, the details
// panel telling where it was last used from and by which client, and an admin reading it.

const asCurl = (request: APIRequestContext, secret: string) =>
  request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}`, "User-Agent": "curl/8.5.0" } });

test("an IP-restricted token is refused from elsewhere, accepted once widened, and its details say where it was used", async ({
  page,
  request,
  tokenName,
}) => {
  await page.goto("/api-tokens");
  const name = tokenName("pinned");
  await fillCreateDrawer(page, name, "Read-Only");
  const drawer = page.getByRole("dialog", { name: "Create API Key" });
  await drawer.getByLabel("Description").fill("Nightly report from the office");
  // A bad entry is named beside the field, and nothing is created.
  await drawer.getByLabel("Allowed IPs").fill("203.0.113.0/24\noffice-wifi");
  await drawer.getByRole("button", { name: "Add New API" }).click();
  await expect(drawer.getByText("“office-wifi” is not an IP address or a CIDR range")).toBeVisible();
  await expect(drawer.getByLabel("Allowed IPs")).toBeFocused();
  await drawer.getByLabel("Allowed IPs").fill("203.0.113.77/24");
  const secret = await submitCreateDrawer(page);
  await closeReveal(page);

  const row = tokenRow(page, name);
  await expect(row.getByText("IP-restricted")).toBeVisible();
  await expect(row.getByText("Nightly report from the office")).toBeVisible();

  // The test runs on 127.0.0.1: outside 203.0.113.0/24.
  const refused = await asCurl(request, secret);
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toEqual({
    status: "error",
    message: "This API token cannot be used from this address.",
    errors: [{ code: "forbidden_address", message: "This API token cannot be used from this address." }],
  });

  const details = await editToken(page, name, { allowedIps: ["203.0.113.0/24", "127.0.0.1"] });
  await expect(details.getByRole("list", { name: "Allowed IPs" }).getByRole("listitem").filter({ hasText: "127.0.0.1" })).toBeVisible();
  expect((await asCurl(request, secret)).status()).toBe(200);
  await details.getByRole("button", { name: "Close" }).click(); // the panel's ×
  await expect(details).toBeHidden();

  // The use is written off the request's path, within a second or so.
  await expect(async () => {
    await page.reload();
    await expect(tokenRow(page, name).getByText("127.0.0.1")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(tokenRow(page, name).getByText("just now")).toBeVisible();

  const panel = await openTokenDetails(page, name);
  await expect(panel.getByText("Nightly report from the office")).toBeVisible();
  await expect(panel.getByText("In the console")).toBeVisible();
  const recent = panel.getByRole("table", { name: "The last addresses this token was used from" });
  await expect(recent.getByRole("row").filter({ hasText: "127.0.0.1" }).getByText("curl 8.5.0")).toBeVisible();
  await expect(panel.getByText("API request denied")).toBeVisible();
  await expect(panel.getByText("allowed IPs: 203.0.113.0/24 → 203.0.113.0/24, 127.0.0.1")).toBeVisible();
  expect(await page.content()).not.toContain(secret);
  await page.screenshot({ path: "e2e/screenshots/token-details.png" });
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  // Focus goes back to the name that opened the panel.
  await expect(tokenRow(page, name).getByRole("button", { name, exact: true })).toBeFocused();
});

test("Edit keeps the scope, refuses a duplicate name beside the field, and Cancel changes nothing", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const first = tokenName("edit-first");
  const second = tokenName("edit-second");
  for (const name of [first, second]) {
    await fillCreateDrawer(page, name, "Write");
    await submitCreateDrawer(page);
    await closeReveal(page);
  }

  await tokenRow(page, second)
    .getByRole("button", { name: `Edit ${second}`, exact: true })
    .click();
  const panel = page.getByRole("dialog", { name: `Edit “${second}”` });
  await expect(panel.getByText("The scope does not change")).toBeVisible();
  await expect(panel.getByRole("radio")).toHaveCount(0);
  await panel.getByLabel("API Name").fill(first.toUpperCase());
  await panel.getByRole("button", { name: "Save changes" }).click();
  await expect(panel.getByText(`You already have a token named “${first.toUpperCase()}”. Choose another name.`)).toBeVisible();
  await panel.getByRole("button", { name: "Cancel" }).click();
  // Back on the details, unchanged.
  const details = page.getByRole("dialog", { name: second });
  await expect(details.getByRole("heading", { name: "Recent addresses" })).toBeVisible();
  await details.getByRole("button", { name: "Edit" }).click();
  await page
    .getByRole("dialog", { name: `Edit “${second}”` })
    .getByLabel("API Name")
    .fill(`${second}-renamed`);
  await page
    .getByRole("dialog", { name: `Edit “${second}”` })
    .getByRole("button", { name: "Save changes" })
    .click();
  await expect(page.getByRole("status").filter({ hasText: `Token “${second}-renamed” was updated` })).toBeVisible();
  await expect(page.getByRole("dialog", { name: `${second}-renamed` }).getByText("Token edited")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(tokenRow(page, `${second}-renamed`)).toBeVisible();
  await expect(tokenRow(page, second)).toHaveCount(0);
});

test("an admin opens any token's details from All Tokens, with its owner and last address", async ({ page, request, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("admin-sees");
  await fillCreateDrawer(page, name, "Read-Only");
  await createDrawerIps(page, "127.0.0.0/8");
  const secret = await submitCreateDrawer(page);
  await closeReveal(page);
  expect((await asCurl(request, secret)).status()).toBe(200);

  await page.goto(`/admin/tokens?q=${encodeURIComponent(name)}`);
  const row = tokenRow(page, name);
  await expect(row.getByText("IP-restricted")).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(tokenRow(page, name).getByText("127.0.0.1")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await tokenRow(page, name).getByRole("button", { name, exact: true }).click();
  const panel = page.getByRole("dialog", { name });
  await expect(panel.getByText("Owner")).toBeVisible();
  await expect(panel.getByRole("list", { name: "Allowed IPs" }).getByRole("listitem").filter({ hasText: "127.0.0.0/8" })).toBeVisible();
  // An admin reads; only the owner edits.
  await expect(panel.getByRole("button", { name: "Edit" })).toHaveCount(0);
});

async function createDrawerIps(page: import("@playwright/test").Page, text: string) {
  await page.getByRole("dialog", { name: "Create API Key" }).getByLabel("Allowed IPs").fill(text);
}
