import {
  closeReveal,
  createDrawer,
  createToken,
  expect,
  FIELD_WORDS,
  fillCreateDrawer,
  openRollDialog,
  rollToken,
  ROW_WORDS,
  submitCreateDrawer,
  submitCreateDrawerRefused,
  test,
  tokenRow,
} from "./fixtures";

// Issue 13 in the console: an expiry chosen at creation, and a roll with and without overlap.

const info = (request: import("@playwright/test").APIRequestContext, secret: string) =>
  request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } });

test("Create API Key with an expiry of 7 days states the date, and the listing shows it with its status", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("seven-days");
  await fillCreateDrawer(page, name, "Read-Only");
  const drawer = createDrawer(page);
  const expiration = drawer.getByLabel(FIELD_WORDS.expiration);
  await expect(expiration).toHaveValue("90"); // the installation's default
  await expiration.selectOption({ label: "7 days" });
  const expected = new Date(Date.now() + 7 * 86_400_000);
  const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(expected);
  await expect(drawer.getByText(new RegExp(`^Works until ${day}, \\d\\d:\\d\\d \\(UTC\\)\\.$`))).toBeVisible();
  await expiration.selectOption({ label: "No expiration" });
  await expect(drawer.getByText(FIELD_WORDS.noExpiryHint)).toBeVisible();
  await expiration.selectOption({ label: "Custom date…" });
  await drawer.getByLabel(FIELD_WORDS.expiresOn).fill("2001-01-01");
  await submitCreateDrawerRefused(page, "Choose a date in the future.");
  await expiration.selectOption({ label: "7 days" });
  await submitCreateDrawer(page);
  await closeReveal(page);

  const row = tokenRow(page, name);
  await expect(row.getByText("Expires in 7 days")).toBeVisible();
  await expect(row.locator("time").last()).toHaveAttribute("datetime", new RegExp(`^${expected.toISOString().slice(0, 10)}`));
  await expect(page.getByRole("note").filter({ hasText: /expires? within 7 days/ })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/expiry.png" });
});

test("a custom date reads as the day that was picked, in the drawer and in the listing", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("custom-day");
  await fillCreateDrawer(page, name, "Read-Only");
  const drawer = createDrawer(page);
  await drawer.getByLabel(FIELD_WORDS.expiration).selectOption({ label: "Custom date…" });
  // A day a month ahead, as a date field holds it whatever its display (06/30/2027 in the US).
  const picked = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await drawer.getByLabel(FIELD_WORDS.expiresOn).fill(picked);
  const at = new Date(`${picked}T12:00:00.000Z`);
  const [day, month, year] = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(at)
    .split(" ");
  await expect(drawer.getByText(`Works through ${day} ${month} ${year} (UTC).`, { exact: true })).toBeVisible();
  await submitCreateDrawer(page);
  await closeReveal(page);
  // The listing shows that same day, not the next one (the token stops at its end, 00:00 UTC).
  const expires = tokenRow(page, name).getByRole("cell").nth(4).locator("time");
  await expect(expires).toHaveText(`${day} ${month!.slice(0, 3)} ${year}`);
  await expect(expires).toHaveAttribute("datetime", new Date(Date.parse(`${picked}T00:00:00.000Z`) + 86_400_000).toISOString());
  await expect(expires).toHaveAttribute("title", new RegExp(`^Works through ${day} ${month} ${year} \\(UTC\\)`));
});

test("Roll “In 1 hour”: both secrets work and the row says until when; Roll “Immediately”: the old one is refused", async ({
  page,
  request,
  tokenName,
}) => {
  await page.goto("/api-tokens");
  const name = tokenName("rolled");
  const first = await createToken(page, name, "Write");
  const second = await rollToken(page, name, "In 1 hour");
  expect(second).not.toBe(first);
  expect(await page.content()).not.toContain(second); // shown once, then gone
  expect((await info(request, first)).status()).toBe(200);
  expect((await info(request, second)).status()).toBe(200);
  await expect(tokenRow(page, name).getByText("Previous secret valid until")).toBeVisible();

  const third = await rollToken(page, name, "Immediately");
  // Rolling again ends the older overlap at once, and "Immediately" ends the one just replaced.
  expect((await info(request, first)).status()).toBe(401);
  expect((await info(request, second)).status()).toBe(401);
  expect((await info(request, third)).status()).toBe(200);
  await expect(tokenRow(page, name).getByText("Previous secret valid until")).toHaveCount(0);
});

test("the Expiration field and the Roll dialog pass axe, and work with the keyboard", async ({ page, tokenName }) => {
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  const audit = async () =>
    (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]).analyze())
      .violations;
  await page.goto("/api-tokens");
  const name = tokenName("audited");
  await fillCreateDrawer(page, name, "Write");
  const drawer = createDrawer(page);
  await drawer.getByLabel(FIELD_WORDS.expiration).selectOption({ label: "Custom date…" });
  await expect(drawer.getByLabel(FIELD_WORDS.expiresOn)).toBeVisible();
  expect(await audit()).toEqual([]);
  await page.screenshot({ path: "e2e/screenshots/create-drawer-expiration.png" });
  await drawer.getByLabel(FIELD_WORDS.expiration).selectOption({ label: "30 days" });
  await submitCreateDrawer(page);
  await closeReveal(page);

  const dialog = await openRollDialog(page, name);
  await expect(dialog.getByRole("radio", { name: "In 1 hour" })).toBeChecked();
  expect(await audit()).toEqual([]);
  await page.screenshot({ path: "e2e/screenshots/roll-dialog.png" });
  // Arrow keys move through the choices; Escape closes without rolling.
  await dialog.getByRole("radio", { name: "In 1 hour" }).focus();
  await page.keyboard.press("ArrowDown");
  await expect(dialog.getByRole("radio", { name: "In 24 hours" })).toBeChecked();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(tokenRow(page, name).getByRole("button", { name: ROW_WORDS.rollLabel(name), exact: true })).toBeFocused();
});
