import type { Page } from "@playwright/test";
import {
  ALL_TOKENS_WORDS,
  AUDIT_WORDS,
  closeReveal,
  CREATE_WORDS,
  createCustomToken,
  createDrawer,
  createToken,
  DELETE_WORDS,
  DETAILS_WORDS,
  expect,
  FIELD_WORDS,
  fillCustomDrawer,
  NARROW_WORDS,
  openTokenDetails,
  PERMISSIONS_REQUIRED,
  permissionRow,
  PICKER_WORDS,
  REVEAL_WORDS,
  scopeChoice,
  submitCreateDrawer,
  submitCreateDrawerRefused,
  TEMPLATE_WORDS,
  test,
  tokenRow,
  UNSAVED_FORM,
} from "./fixtures";

// Issue 24, the console's side: Custom tokens chosen resource by resource, template links that
// fill the form in, and narrowing a token to what it used.

const summary = (page: Page) => createDrawer(page).locator("#permissions-summary");
const cellOf = (page: Page, name: string) => tokenRow(page, name).getByRole("cell").nth(1);

test("a Custom token is made with the keyboard alone, and the listing says Custom · 3", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("custom-keys");
  const opener = page.getByRole("button", { name: CREATE_WORDS.open });
  await opener.focus();
  await page.keyboard.press("Enter");
  const drawer = createDrawer(page);
  await expect(drawer.getByLabel(FIELD_WORDS.name)).toBeFocused();
  await page.keyboard.type(name);

  // The guide's two choices first, then Custom.
  await page.keyboard.press("Tab");
  await expect(scopeChoice(page, "Read-Only")).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(scopeChoice(page, "Custom")).toBeChecked();
  await expect(summary(page)).toHaveText("No permissions chosen");

  // Tab: the filter, then one stop per resource; the arrows choose within a row.
  await page.keyboard.press("Tab");
  await expect(drawer.getByRole("searchbox", { name: PICKER_WORDS.filter })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(permissionRow(page, "Account").getByRole("radio", { name: "None" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(permissionRow(page, "Account").getByRole("radio", { name: "Read" })).toBeChecked();
  await expect(summary(page)).toHaveText("1 permission: Account read");
  for (const row of ["API keys", "Cloud servers", "DNS"]) {
    await page.keyboard.press("Tab");
    await expect(permissionRow(page, row).getByRole("radio", { name: "None" })).toBeFocused();
  }
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(permissionRow(page, "DNS").getByRole("radio", { name: "Write" })).toBeChecked();
  await expect(summary(page)).toHaveText("3 permissions: Account read, DNS read and write");

  // On to Add New API, by Tab alone.
  const submit = drawer.getByRole("button", { name: CREATE_WORDS.submit });
  for (let i = 0; i < 40 && !(await submit.evaluate((button) => button === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(submit).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(drawer.getByLabel(REVEAL_WORDS.secret)).toBeVisible();
  // A Custom list holding a write is amber, as Write is.
  await expect(drawer.getByText("Custom · 3", { exact: true })).toHaveClass(/bg-amber-50/);
  await closeReveal(page);
  await expect(cellOf(page, name)).toHaveText("Custom · 3");
});

test("Custom needs a permission; the filter narrows the rows, never the choice; a picker change is an edit", async ({
  page,
  tokenName,
}) => {
  await page.goto("/api-tokens");
  const name = tokenName("custom-empty");
  await fillCustomDrawer(page, name, {});
  await submitCreateDrawerRefused(page, PERMISSIONS_REQUIRED);
  const drawer = createDrawer(page);
  const picker = drawer.getByRole("group", { name: PICKER_WORDS.legend });
  await expect(picker).toHaveAttribute("aria-describedby", /permissions-error/);
  await expect(drawer.locator("#permissions-error")).toHaveText(PERMISSIONS_REQUIRED);

  await permissionRow(page, "DNS").getByRole("radio", { name: "Read" }).check();
  await expect(drawer.locator("#permissions-error")).toHaveCount(0);
  const filter = drawer.getByRole("searchbox", { name: PICKER_WORDS.filter });
  // By label, by id, by description.
  for (const [text, rows] of [
    ["dns", ["DNS"]],
    ["object_storage", ["Object storage"]],
    ["subnets", ["VPC"]],
  ] as const) {
    await filter.fill(text);
    await expect(picker.getByRole("radiogroup")).toHaveCount(rows.length);
    for (const row of rows) await expect(permissionRow(page, row)).toBeVisible();
  }
  await filter.fill("no-such-resource");
  await expect(picker.getByText(PICKER_WORDS.noMatch("no-such-resource"))).toBeVisible();
  await expect(summary(page)).toHaveText("1 permission: DNS read");
  await filter.fill("");

  // Nothing was created: Escape asks first, and Discard drops the form.
  await page.keyboard.press("Escape");
  await page.getByRole("alertdialog", { name: UNSAVED_FORM.title }).getByRole("button", { name: UNSAVED_FORM.closeLabel }).click();
  await expect(drawer).toBeHidden();
  await expect(tokenRow(page, name)).toHaveCount(0);
});

test("a template link fills the form in, and nothing is made until Add New API", async ({ page, tokenName }) => {
  const name = tokenName("ci-dns");
  await page.goto(`/api-tokens/new?name=${name}&description=Deploys%20the%20zone&permissions=dns:write,account:read&expires_in_days=30`);
  const drawer = createDrawer(page);
  await expect(drawer.getByLabel(FIELD_WORDS.name)).toHaveValue(name);
  await expect(drawer.getByLabel(`${FIELD_WORDS.description} (optional)`)).toHaveValue("Deploys the zone");
  await expect(scopeChoice(page, "Custom")).toBeChecked();
  await expect(permissionRow(page, "DNS").getByRole("radio", { name: "Write" })).toBeChecked();
  await expect(permissionRow(page, "Account").getByRole("radio", { name: "Read" })).toBeChecked();
  await expect(summary(page)).toHaveText("3 permissions: Account read, DNS read and write");
  await expect(drawer.getByLabel(FIELD_WORDS.expiration)).toHaveValue("30");
  await expect(drawer.getByRole("alert")).toHaveCount(0);

  // Not yet: another tab of the same user sees no such token.
  const other = await page.context().newPage();
  await other.goto("/api-tokens");
  await expect(other.getByRole("heading", { name: "API Token", level: 1 })).toBeVisible();
  await expect(tokenRow(other, name)).toHaveCount(0);

  await submitCreateDrawer(page);
  await closeReveal(page);
  await expect(page).toHaveURL(/\/api-tokens$/);
  await expect(cellOf(page, name)).toHaveText("Custom · 3");
  // Made as the link said: it expires in 30 days.
  await other.reload();
  // evaluateAll does not wait: the row is awaited first, or a slow reload reads no row at all.
  await expect(tokenRow(other, name).locator("time[datetime]").first()).toBeVisible();
  const times = await tokenRow(other, name)
    .locator("time[datetime]")
    .evaluateAll((all) => all.map((time) => time.getAttribute("datetime")!));
  expect(times.some((iso) => Math.abs(Date.parse(iso) - Date.now() - 30 * 86_400_000) < 3_600_000)).toBe(true);
  await other.close();

  // Opened and closed untouched, a template asks nothing, and closing goes back to the listing.
  await page.goto("/api-tokens/new?permissions=dns:read");
  await expect(permissionRow(page, "DNS").getByRole("radio", { name: "Read" })).toBeChecked();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(/\/api-tokens$/);
  // Changed in the picker alone, it asks. The drawer puts focus in its first field once the page
  // is live: a click before that lands on the server's HTML, where no change is seen.
  await page.goto("/api-tokens/new?permissions=dns:read");
  await expect(drawer.getByLabel(FIELD_WORDS.name)).toBeFocused();
  await permissionRow(page, "DNS").getByRole("radio", { name: "Write" }).check();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("alertdialog", { name: UNSAVED_FORM.title })).toBeVisible();
});

test("a template link asking for what this console does not offer says so in the drawer", async ({ page }) => {
  await page.goto("/api-tokens/new?permissions=dns:read,nosuch:write,dns:delete&expires_in_days=forever");
  const alert = createDrawer(page).getByRole("alert");
  await expect(alert).toContainText(TEMPLATE_WORDS.problems);
  await expect(alert).toContainText("“nosuch:write”");
  await expect(alert).toContainText("“dns:delete”");
  await expect(alert).toContainText("expires_in_days (“forever”)");
  // What it could use, it did.
  await expect(permissionRow(page, "DNS").getByRole("radio", { name: "Read" })).toBeChecked();
  await expect(summary(page)).toHaveText("1 permission: DNS read");
});

test.describe("with the clipboard", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("Copy link to this form makes a template link of the form as it is", async ({ page, tokenName }) => {
    await page.goto("/api-tokens");
    const name = tokenName("copied-form");
    await fillCustomDrawer(page, name, { Account: "Write", VPC: "Read" });
    const drawer = createDrawer(page);
    await drawer.getByLabel(`${FIELD_WORDS.description} (optional)`).fill("Networks, from CI");
    await drawer.getByLabel(FIELD_WORDS.expiration).selectOption({ label: "90 days" });
    await drawer.getByRole("button", { name: TEMPLATE_WORDS.copyLink }).click();
    await expect(drawer.getByRole("status").filter({ hasText: TEMPLATE_WORDS.linkCopied })).toBeVisible();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    const origin = new URL(page.url()).origin;
    expect(link).toBe(
      `${origin}/api-tokens/new?name=${name}&description=Networks,+from+CI&permissions=account:read,account:write,vpc:read&expires_in_days=90`,
    );

    await page.keyboard.press("Escape");
    await page.getByRole("alertdialog", { name: UNSAVED_FORM.title }).getByRole("button", { name: UNSAVED_FORM.closeLabel }).click();
    await page.goto(link);
    await expect(drawer.getByLabel(FIELD_WORDS.name)).toHaveValue(name);
    await expect(drawer.getByLabel(`${FIELD_WORDS.description} (optional)`)).toHaveValue("Networks, from CI");
    await expect(permissionRow(page, "Account").getByRole("radio", { name: "Write" })).toBeChecked();
    await expect(permissionRow(page, "VPC").getByRole("radio", { name: "Read" })).toBeChecked();
    await expect(drawer.getByLabel(FIELD_WORDS.expiration)).toHaveValue("90");
  });
});

/** Opens the details panel again until the API's batched write of its use (a second or so) shows. */
async function detailsOnceUsed(page: Page, name: string) {
  for (let attempt = 0; ; attempt++) {
    const panel = await openTokenDetails(page, name);
    const used = panel.getByRole("list", { name: DETAILS_WORDS.permissionsList }).getByText(/^Used /);
    if ((await used.count()) > 0 || attempt === 10) return panel;
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await page.waitForTimeout(500);
  }
}

test("the details panel lists permissions by resource with their last use, and narrows a token to what it used", async ({
  page,
  request,
  tokenName,
}) => {
  await page.goto("/api-tokens");
  const name = tokenName("narrowed");
  const secret = await createToken(page, name, "Write");
  await expect(cellOf(page, name)).toHaveText("Write");
  const custom = tokenName("listed");
  await createCustomToken(page, custom, { Account: "Read", DNS: "Write" });

  // The Custom one, never used: its three permissions by resource.
  let panel = await openTokenDetails(page, custom);
  const list = panel.getByRole("list", { name: DETAILS_WORDS.permissionsList });
  await expect(list.getByRole("listitem").filter({ hasText: "Account" }).first()).toContainText(`Read${DETAILS_WORDS.notUsed}`);
  // DNS is the platform's: this console does not see it used, and says so.
  await expect(list.locator(":scope > li")).toHaveText([
    `AccountRead${DETAILS_WORDS.notUsed}`,
    `DNSRead${DETAILS_WORDS.notRecorded}Write${DETAILS_WORDS.notRecorded}`,
  ]);
  await expect(panel.getByText(DETAILS_WORDS.unrecordedNote)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();

  // The Write one, used once for account/info.
  expect((await request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
  panel = await detailsOnceUsed(page, name);
  const account = panel
    .getByRole("list", { name: DETAILS_WORDS.permissionsList })
    .locator(":scope > li")
    .filter({ hasText: /^Account/ });
  await expect(account).toContainText(/Read\s*Used (just now|1 minute ago)/);
  await expect(account).toContainText(`Write${DETAILS_WORDS.notUsed}`);
  await panel.getByRole("button", { name: NARROW_WORDS.open }).click();
  const dialog = page.getByRole("alertdialog", { name: NARROW_WORDS.title(name) });
  const going = dialog.getByRole("list", { name: NARROW_WORDS.removing });
  // What goes is the console's own unused permissions; the platform's, whose use it cannot see, stay.
  await expect(going.getByRole("listitem")).toHaveText(["Account: write", "API keys: read and write"]);
  await expect(dialog).toContainText(NARROW_WORDS.keeping);
  await expect(dialog).toContainText("Account read");
  await expect(dialog).toContainText("DNS read and write");
  await dialog.getByRole("button", { name: NARROW_WORDS.confirm }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole("status").filter({ hasText: `“${name}” no longer holds ` })).toBeVisible();
  await expect(panel.getByRole("heading", { name: DETAILS_WORDS.permissions })).toBeFocused();
  const kept = panel.getByRole("list", { name: DETAILS_WORDS.permissionsList }).locator(":scope > li");
  await expect(kept.first()).toHaveText(/^AccountReadUsed (just now|1 minute ago)$/);
  await expect(kept.filter({ hasText: /^API keys/ })).toHaveCount(0);
  await expect(kept.filter({ hasText: /^DNS/ })).toHaveCount(1);
  await expect(panel.getByRole("button", { name: NARROW_WORDS.open })).toHaveCount(0);
  await page.keyboard.press("Escape");
  // Account read, and read and write on each of the platform's 13 resources.
  await expect(cellOf(page, name)).toHaveText("Custom · 27");
  // What it used still works; what it no longer holds is refused.
  expect((await request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
  expect((await request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(403);

  // The admin's All Tokens: the same label, the filters by grant, the panel without the button.
  await page.goto(`/admin/tokens?q=${name}`);
  // There the owner comes first: the scope is the third cell.
  await expect(tokenRow(page, name).getByRole("cell").nth(2)).toHaveText("Custom · 27");
  await page.getByRole("combobox", { name: ALL_TOKENS_WORDS.filterPermission }).selectOption("account:read");
  await expect(page).toHaveURL(/permission=account%3Aread|permission=account:read/);
  await expect(tokenRow(page, name)).toBeVisible();
  await page.getByRole("combobox", { name: ALL_TOKENS_WORDS.filterPermission }).selectOption("api_keys:read");
  await expect(tokenRow(page, name)).toHaveCount(0);
  await page.goto(`/admin/tokens?q=${custom}&scope=custom&permission=dns:write`);
  await expect(tokenRow(page, custom).getByRole("cell").nth(2)).toHaveText("Custom · 3");
  await page.goto(`/admin/tokens?q=${custom}&scope=read_only`);
  await expect(tokenRow(page, custom)).toHaveCount(0);
  await page.goto(`/admin/tokens?q=${custom}&scope=nonsense&permission=%27%20OR%201=1`);
  await tokenRow(page, custom).getByRole("button", { name: custom, exact: true }).click();
  const adminPanel = page.getByRole("dialog", { name: custom });
  await expect(adminPanel.getByRole("list", { name: DETAILS_WORDS.permissionsList })).toBeVisible();
  await expect(adminPanel.getByText(DETAILS_WORDS.unrecordedNote)).toBeVisible();
  await expect(adminPanel.getByRole("button", { name: NARROW_WORDS.open })).toHaveCount(0);
  await expect(adminPanel.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await page.keyboard.press("Escape");

  // The audit log: the narrowing, the token as it is now.
  await page.goto(`/admin/audit?action=token.permissions_narrowed`);
  await expect(page.getByRole("heading", { name: AUDIT_WORDS.title, level: 1 })).toBeVisible();
  const event = page.getByRole("row").filter({ hasText: name });
  await expect(event).toContainText("Token permissions narrowed");
  await expect(event).toContainText("Custom · 27");
  await expect(event).toContainText("account:read");
});

test("a token that used none of its permissions offers Delete instead", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("unused");
  // Only the console's own permissions, whose use it sees: nothing used, nothing to keep.
  await createCustomToken(page, name, { Account: "Read", "API keys": "Read" });
  const panel = await openTokenDetails(page, name);
  const section = panel.getByRole("region", { name: DETAILS_WORDS.permissions });
  await expect(section).toContainText(DETAILS_WORDS.usedNone);
  await expect(section.getByRole("button", { name: NARROW_WORDS.open })).toHaveCount(0);
  await section.getByRole("button", { name: `Delete ${name}` }).click();
  const confirm = page.getByRole("alertdialog", { name: DELETE_WORDS.title(name) });
  await confirm.getByRole("button", { name: DELETE_WORDS.confirm }).click();
  await expect(page.getByRole("status").filter({ hasText: DELETE_WORDS.deleted(name) })).toBeVisible();
  await expect(tokenRow(page, name)).toHaveCount(0);
});

test("the API Docs page tells the model, lists every resource, and links each endpoint to a token that can call it", async ({ page }) => {
  await page.goto("/api-docs");
  const section = page.getByRole("region", { name: "Permissions" });
  await expect(section).toContainText("write includes read");
  const resources = section.getByRole("table", { name: "The resources a permission can name" }).getByRole("row");
  await expect(resources).toHaveCount(1 + 16); // the header, the 3 built-in resources (tokens: introspection) and the 13 of config/permissions.json
  const dns = resources.filter({ hasText: "Domains and their records" });
  await expect(dns).toHaveCount(1);
  await expect(dns.getByRole("cell").first()).toHaveText("dns");
  const endpoint = page.getByRole("region", { name: "GET /api", exact: true });
  await expect(endpoint.getByText("api_keys:read", { exact: true })).toBeVisible();
  await endpoint.getByRole("link", { name: /Create a token for/ }).click();
  await expect(page).toHaveURL(/\/api-tokens\/new\?permissions=api_keys:read$/);
  await expect(page.getByRole("dialog", { name: "Create API Key" }).getByText("1 permission: API keys read")).toBeVisible();
});
