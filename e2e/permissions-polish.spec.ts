import fs from "node:fs";
import type { Locator, Page } from "@playwright/test";
import {
  closeReveal,
  CREATE_WORDS,
  createDrawer,
  DETAILS_WORDS,
  expect,
  FIELD_WORDS,
  fillCustomDrawer,
  LISTING_WORDS,
  NARROW_WORDS,
  openTokenDetails,
  PERMISSIONS_REQUIRED,
  REVEAL_WORDS,
  scopeChoice,
  signUp,
  submitCreateDrawer,
  TEMPLATE_WORDS,
  test,
  tokenRow,
  uniqueUser,
} from "./fixtures";

// A new user's trial of permissions per resource: template links that carry the whole form, a
// "Try it" the token can make, the Custom error in sight, aligned scope radios, an audit card
// at 390 px that nothing overlaps, and the words that still spoke of two presets alone.

const SHOTS = "/tmp/wt-polish-shots";
fs.mkdirSync(SHOTS, { recursive: true });
const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

const footerOf = (page: Page) => createDrawer(page).locator("footer");
const box = async (locator: Locator) => (await locator.boundingBox())!;

test.describe("with the clipboard", () => {
  test.use({ permissions: ["clipboard-read", "clipboard-write"] });

  test("a template link carries Write, allowed IPs and no expiration, and Copy link gives it back", async ({ page }) => {
    const link = "/api-tokens/new?name=deploy-from-ci&scope=write&allowed_ips=203.0.113.0/24,2001:db8::/32&expires=never";
    await page.goto(link);
    const drawer = createDrawer(page);
    await expect(drawer.getByLabel(FIELD_WORDS.name)).toHaveValue("deploy-from-ci");
    await expect(scopeChoice(page, "Write")).toBeChecked();
    await expect(drawer.getByLabel(`${FIELD_WORDS.allowedIps} (optional)`)).toHaveValue("203.0.113.0/24\n2001:db8::/32");
    await expect(drawer.getByLabel(FIELD_WORDS.expiration)).toHaveValue("never");
    await expect(drawer.getByRole("alert")).toHaveCount(0);
    await drawer.getByRole("button", { name: TEMPLATE_WORDS.copyLink }).click();
    await expect(drawer.getByRole("status").filter({ hasText: TEMPLATE_WORDS.linkCopied })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${new URL(page.url()).origin}${link}`);

    // A custom date goes into the link too, and comes back as the Custom date.
    await drawer.getByLabel(FIELD_WORDS.expiration).selectOption("custom");
    await drawer.getByLabel(FIELD_WORDS.expiresOn).fill("2027-03-15");
    await drawer.getByRole("button", { name: TEMPLATE_WORDS.copyLink }).click();
    const dated = await page.evaluate(() => navigator.clipboard.readText());
    expect(dated).toContain("&expires_on=2027-03-15");
    expect(dated).not.toContain("expires=never");
  });
});

test("a template link's wrong scope, date or address is said, not dropped", async ({ page }) => {
  await page.goto("/api-tokens/new?scope=write&permissions=dns:read&expires_on=2027-02-30&allowed_ips=10.0.0.1,not-an-address");
  const drawer = createDrawer(page);
  const alert = drawer.getByRole("alert");
  await expect(alert).toContainText(TEMPLATE_WORDS.problems);
  await expect(alert).toContainText("asks for Write and lists permissions too");
  await expect(alert).toContainText("expires_on (“2027-02-30”) is not a day");
  await expect(scopeChoice(page, "Custom")).toBeChecked();
  // The addresses are the form's to judge, and it does so as the drawer opens.
  await expect(drawer.getByLabel(`${FIELD_WORDS.allowedIps} (optional)`)).toHaveAttribute("aria-invalid", "true");
  await expect(drawer.getByText(/not-an-address/).last()).toBeVisible();
});

test("Try it shows a call the token can make, or says there is none on this console", async ({ page, request, tokenName }) => {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.goto("/api-tokens");
    const dnsOnly = tokenName(`dns-only-${size.width}`);
    await fillCustomDrawer(page, dnsOnly, { DNS: "Write" });
    await submitCreateDrawer(page);
    const drawer = createDrawer(page);
    await expect(drawer.getByText(REVEAL_WORDS.nothingToTry)).toBeVisible();
    await expect(drawer.getByLabel(REVEAL_WORDS.command)).toHaveCount(0);
    await expect(drawer.getByRole("button", { name: REVEAL_WORDS.copyCommand })).toHaveCount(0);
    await page.screenshot({ path: `${SHOTS}/reveal-dns-only-${size.width}.png` });
    await closeReveal(page);
  }

  // API keys without Account: the listing of keys, which it may call.
  const keys = tokenName("keys-reader");
  await fillCustomDrawer(page, keys, { "API keys": "Read", DNS: "Read" });
  const secret = await submitCreateDrawer(page);
  const drawer = createDrawer(page);
  const origin = new URL(page.url()).origin;
  await expect(drawer.getByText(REVEAL_WORDS.tryItKeysIntro)).toBeVisible();
  await expect(drawer.getByLabel(REVEAL_WORDS.commandKeys)).toHaveText(
    `curl -H "Authorization: Bearer ${secret.slice(0, 12)}…" ${origin}/v2/api`,
  );
  expect((await request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
  expect((await request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(403);
  await closeReveal(page);

  // Account read: the account, as for the presets.
  await fillCustomDrawer(page, tokenName("account-reader"), { Account: "Read" });
  const accountSecret = await submitCreateDrawer(page);
  await expect(drawer.getByLabel(REVEAL_WORDS.command)).toHaveText(
    `curl -H "Authorization: Bearer ${accountSecret.slice(0, 12)}…" ${origin}/v2/account/info`,
  );
  await closeReveal(page);
});

test("Custom with nothing chosen: the message is in sight, above the footer", async ({ page, tokenName }) => {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.goto("/api-tokens");
    await fillCustomDrawer(page, tokenName(`nothing-${size.width}`), {});
    await createDrawer(page).getByRole("button", { name: CREATE_WORDS.submit }).click();
    const message = createDrawer(page).getByText(PERMISSIONS_REQUIRED);
    await expect(message).toBeVisible();
    await expect(message).toBeInViewport({ ratio: 1 });
    const shown = await box(message);
    expect(shown.y + shown.height).toBeLessThanOrEqual((await box(footerOf(page))).y);
    // Nor under the drawer's header: the top of the drawer's scroll area.
    const scroller = await box(createDrawer(page).locator("form > div").first());
    expect(shown.y).toBeGreaterThanOrEqual(scroller.y);
    await page.screenshot({ path: `${SHOTS}/drawer-custom-error-${size.width}.png` });
  }
});

test("the Access Scope radios are one size, whatever their descriptions wrap to", async ({ page }) => {
  for (const size of WIDTHS) {
    await page.setViewportSize(size);
    await page.goto("/api-tokens/new");
    const radios = createDrawer(page).getByRole("radiogroup", { name: CREATE_WORDS.scope }).getByRole("radio");
    await expect(radios).toHaveCount(3);
    // Measured once the drawer has slid in: during its animation each radio is read at another x.
    await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
    const boxes = await Promise.all((await radios.all()).map(box));
    // To the hundredth of a pixel: layout gives 16.000004 at some widths.
    const hundredths = (value: number) => Math.round(value * 100) / 100;
    expect(boxes.map((b) => hundredths(b.width))).toEqual([16, 16, 16]);
    expect(boxes.map((b) => hundredths(b.height))).toEqual([16, 16, 16]);
    // One column: their left edges align.
    expect(new Set(boxes.map((b) => Math.round(b.x))).size).toBe(1);
  }
});

test("the API Docs' Create a token for this is named by what it shows, then by its endpoint", async ({ page }) => {
  await page.goto("/api-docs");
  const link = page.getByRole("link", { name: "Create a token for this: Account information", exact: true });
  await expect(link).toBeVisible();
  await expect(link).toHaveText("Create a token for this");
  await expect(link).toHaveAttribute("href", "/api-tokens/new?permissions=account:read");
  // Every one: its name begins with what it shows (label in name), then says its endpoint.
  const links = await page.getByRole("link", { name: /^Create a token for/ }).all();
  expect(links.length).toBeGreaterThan(1);
  for (const each of links) {
    const [shown, name] = [await each.textContent(), await each.getAttribute("aria-label")];
    expect(name).toMatch(new RegExp(`^${shown}: .+`));
  }
});

test("a new user's empty listing says a token can also hold chosen permissions", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signUp(page, uniqueUser("empty"));
  await expect(page.getByRole("heading", { name: LISTING_WORDS.emptyTitle })).toBeVisible();
  await expect(page.getByText(LISTING_WORDS.emptyBody)).toBeVisible();
  expect(LISTING_WORDS.emptyBody).toContain("exactly what you pick");
  await context.close();
});

test("narrowing says what it keeps with one colon, and its audit card at 390 px overlaps nothing", async ({ page, request, tokenName }) => {
  const name = tokenName("narrowed");
  await page.goto("/api-tokens");
  await fillCustomDrawer(page, name, { Account: "Write", DNS: "Read" });
  const secret = await submitCreateDrawer(page);
  await closeReveal(page);
  expect((await request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);
  let panel = await openTokenDetails(page, name);
  for (let attempt = 0; attempt < 10; attempt++) {
    if (
      (await panel
        .getByRole("list", { name: DETAILS_WORDS.permissionsList })
        .getByText(/^Used /)
        .count()) > 0
    )
      break;
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await page.waitForTimeout(500);
    panel = await openTokenDetails(page, name);
  }
  await panel.getByRole("button", { name: NARROW_WORDS.open }).click();
  const dialog = page.getByRole("alertdialog", { name: NARROW_WORDS.title(name) });
  // DNS is the platform's: its use is not recorded here, so it is kept.
  await expect(dialog).toContainText(`${NARROW_WORDS.keeping} 2 permissions: Account read, DNS read`);
  await dialog.getByRole("button", { name: NARROW_WORDS.confirm }).click();
  const notice = panel.getByRole("status").filter({ hasText: name });
  await expect(notice).toHaveText(NARROW_WORDS.removed(name, "1 permission: Account write"));
  expect((await notice.textContent())!.split(":")).toHaveLength(2);
  await page.keyboard.press("Escape");
  await expect(tokenRow(page, name)).toBeVisible();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/admin/audit?action=token.permissions_narrowed");
  const row = page.getByRole("region", { name: "Audit events" }).getByRole("row").filter({ hasText: name }).first();
  const badge = row.getByText("Token permissions narrowed", { exact: true });
  await expect(badge).toBeVisible();
  const time = row.getByRole("cell").first();
  const [a, t] = [await box(badge), await box(time.locator("time").first())];
  const overlaps = a.x < t.x + t.width && t.x < a.x + a.width && a.y < t.y + t.height && t.y < a.y + a.height;
  expect(overlaps, `badge ${JSON.stringify(a)} and time ${JSON.stringify(t)}`).toBe(false);
  // Neither runs past the card.
  const card = await box(row);
  expect(a.x + a.width).toBeLessThanOrEqual(card.x + card.width);
  expect(t.x + t.width).toBeLessThanOrEqual(card.x + card.width);
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/audit-card-390.png` });
  await row.screenshot({ path: `${SHOTS}/audit-card-390-row.png` });
});
