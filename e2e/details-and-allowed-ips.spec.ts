import type { APIRequestContext } from "@playwright/test";
import {
  closeReveal,
  createDrawer,
  createToken,
  DETAILS_WORDS,
  EDIT_WORDS,
  editToken,
  expect,
  FIELD_WORDS,
  fillCreateDrawer,
  openTokenDetails,
  ROW_WORDS,
  submitCreateDrawer,
  submitCreateDrawerRefused,
  test,
  tokenRow,
} from "./fixtures";

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
  const drawer = createDrawer(page);
  await drawer.getByLabel(FIELD_WORDS.description).fill("Nightly report from the office");
  // A bad entry is named beside the field, and nothing is created.
  await drawer.getByLabel(FIELD_WORDS.allowedIps).fill("203.0.113.0/24\noffice-wifi");
  await submitCreateDrawerRefused(page, "“office-wifi” is not an IP address or a CIDR range");
  await expect(drawer.getByLabel(FIELD_WORDS.allowedIps)).toBeFocused();
  await drawer.getByLabel(FIELD_WORDS.allowedIps).fill("203.0.113.77/24");
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
  await expect(
    details.getByRole("list", { name: DETAILS_WORDS.allowedIps }).getByRole("listitem").filter({ hasText: "127.0.0.1" }),
  ).toBeVisible();
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
  await expect(panel.getByText(DETAILS_WORDS.inTheConsole)).toBeVisible();
  const recent = panel.getByRole("table", { name: DETAILS_WORDS.recentCaption });
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
  for (const name of [first, second]) await createToken(page, name, "Write");

  await tokenRow(page, second)
    .getByRole("button", { name: ROW_WORDS.editLabel(second), exact: true })
    .click();
  const panel = page.getByRole("dialog", { name: DETAILS_WORDS.editTitle(second) });
  await expect(panel.getByText(EDIT_WORDS.scopeStays)).toBeVisible();
  await expect(panel.getByRole("radio")).toHaveCount(0);
  await panel.getByLabel(FIELD_WORDS.name).fill(first.toUpperCase());
  await panel.getByRole("button", { name: EDIT_WORDS.submit }).click();
  await expect(panel.getByText(`You already have a token named “${first.toUpperCase()}”. Choose another name.`)).toBeVisible();
  await panel.getByRole("button", { name: FIELD_WORDS.cancel }).click();
  // Back on the details, unchanged.
  const details = page.getByRole("dialog", { name: second });
  await expect(details.getByRole("heading", { name: DETAILS_WORDS.recentAddresses })).toBeVisible();
  const renamed = await editToken(page, second, { name: `${second}-renamed` }, { fromPanel: true });
  await expect(renamed.getByText("Token edited")).toBeVisible();
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
  await expect(
    panel.getByRole("list", { name: DETAILS_WORDS.allowedIps }).getByRole("listitem").filter({ hasText: "127.0.0.0/8" }),
  ).toBeVisible();
  // An admin reads; only the owner edits.
  await expect(panel.getByRole("button", { name: DETAILS_WORDS.edit })).toHaveCount(0);
});

async function createDrawerIps(page: import("@playwright/test").Page, text: string) {
  await createDrawer(page).getByLabel(FIELD_WORDS.allowedIps).fill(text);
}
