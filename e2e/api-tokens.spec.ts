import fs from "node:fs";
import {
  closeReveal,
  CREATE_WORDS,
  createDrawer,
  createToken,
  deleteToken,
  expect,
  FIELD_WORDS,
  fillCreateDrawer,
  LISTING_WORDS,
  REVEAL_WORDS,
  ROW_WORDS,
  SCOPE_LABELS,
  signUp,
  submitCreateDrawer,
  submitCreateDrawerRefused,
  test,
  TOKEN_COLUMN_WORDS,
  tokenRow,
  UNCOPIED_SECRET,
  uniqueUser,
  UNSAVED_FORM,
} from "./fixtures";

const SCREENSHOTS = "e2e/screenshots";
fs.mkdirSync(SCREENSHOTS, { recursive: true });

test.describe("a new user", () => {
  test.use({ storageState: { cookies: [], origins: [] }, permissions: ["clipboard-read", "clipboard-write"] });

  test("signs up, creates a key, sees its secret once, finds it in the listing and deletes it", async ({ page, tokenName }) => {
    await page.setViewportSize({ width: 1360, height: 860 });
    await signUp(page, uniqueUser("story"));

    // The sidebar's API Token entry leads to the listing, which starts empty.
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API Token" }).click();
    await expect(page).toHaveURL(/\/api-tokens$/);
    await expect(page.getByRole("heading", { name: LISTING_WORDS.title, level: 1 })).toBeVisible();
    await expect(page.getByText(LISTING_WORDS.emptyTitle)).toBeVisible();

    // Create API Key opens the drawer.
    const name = tokenName("deploy-bot");
    await fillCreateDrawer(page, name, "Read-Only");
    const drawer = createDrawer(page);
    await page.screenshot({ path: `${SCREENSHOTS}/create-drawer.png` });

    // Add New API turns the drawer into the one-time reveal.
    const actionResponse = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/api-tokens"));
    const secret = await submitCreateDrawer(page);
    await expect(drawer.getByText(REVEAL_WORDS.warning)).toBeVisible();
    // The response that carried the secret may not be kept by any cache.
    expect((await actionResponse).headers()["cache-control"]).toContain("no-store");
    await page.screenshot({ path: `${SCREENSHOTS}/reveal.png` });

    // Copy puts exactly the secret on the clipboard, with feedback.
    await drawer.getByRole("button", { name: REVEAL_WORDS.copy, exact: true }).click();
    await expect(drawer.getByRole("button", { name: REVEAL_WORDS.copied })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    // Closing forgets it; the new row is in the table.
    await closeReveal(page, { copied: true });
    const row = tokenRow(page, name);
    await expect(row).toBeVisible();
    await expect(row.getByRole("cell").nth(1)).toHaveText(SCOPE_LABELS.READ_ONLY);
    const created = row.locator("time").first();
    const iso = await created.getAttribute("datetime");
    expect(Math.abs(Date.parse(iso!) - Date.now())).toBeLessThan(5 * 60_000);
    await expect(created).toHaveText(/\d{4}/);
    await page.screenshot({ path: `${SCREENSHOTS}/listing.png` });

    // After a reload the secret is nowhere in the page.
    const reload = await page.reload();
    expect(await reload!.text()).not.toContain(secret);
    // The page is served with the security headers (README, "Security").
    expect(reload!.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(reload!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(reload!.headers()["x-content-type-options"]).toBe("nosniff");
    expect(reload!.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(await page.content()).not.toContain(secret);
    await expect(tokenRow(page, name)).toBeVisible();

    // A duplicate name (in another case) and an empty name get inline errors and create nothing.
    await page.getByRole("button", { name: CREATE_WORDS.open }).click();
    await drawer.getByLabel(FIELD_WORDS.name).fill(name.toUpperCase());
    await submitCreateDrawerRefused(page, `You already have a token named “${name.toUpperCase()}”`);
    await expect(drawer.getByLabel(FIELD_WORDS.name)).toHaveAttribute("aria-invalid", "true");
    await drawer.getByLabel(FIELD_WORDS.name).fill("   ");
    await submitCreateDrawerRefused(page, "Enter a name for the token.");
    // A form with something typed in asks before it is thrown away.
    await page.keyboard.press("Escape");
    await page.getByRole("alertdialog", { name: UNSAVED_FORM.title }).getByRole("button", { name: UNSAVED_FORM.closeLabel }).click();
    await expect(drawer).toBeHidden();
    await expect(page.getByRole("row")).toHaveCount(2); // header + the one token

    // Delete asks for confirmation naming the token; confirming removes the row.
    await deleteToken(page, name);
    await expect(page.getByText(LISTING_WORDS.emptyTitle)).toBeVisible();
  });

  test("a wrong password shows one message, the same as an unknown email", async ({ page }) => {
    const user = uniqueUser("wrong-pass");
    await signUp(page, user);
    await page.getByRole("button", { name: "Log out" }).first().click();
    await expect(page).toHaveURL(/\/login/);

    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Login" }).click();
    const alert = page.locator("form [role=alert]");
    await expect(alert).toHaveText("That email and password do not match an account.");
    await page.screenshot({ path: `${SCREENSHOTS}/login-error.png` });

    await page.getByLabel("Email").fill(`nobody-${Date.now()}@example.test`);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Login" }).click();
    await expect(alert).toHaveText("That email and password do not match an account.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("/api-tokens without a session lands on /login, and logging in comes back", async ({ page }) => {
    const user = uniqueUser("redirect");
    await signUp(page, user);
    await page.getByRole("button", { name: "Log out" }).first().click();
    await expect(page).toHaveURL(/\/login/);

    await page.goto("/api-tokens?sort=name&dir=asc");
    await expect(page).toHaveURL(/\/login\?callbackUrl=/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Login" }).click();
    await expect(page).toHaveURL(/\/api-tokens\?sort=name&dir=asc$/);
  });
});

test("the create drawer works with the keyboard alone", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("keyboard");
  const opener = page.getByRole("button", { name: CREATE_WORDS.open });
  await opener.focus();
  await page.keyboard.press("Enter");

  const drawer = createDrawer(page);
  await expect(drawer.getByLabel(FIELD_WORDS.name)).toBeFocused();
  await page.keyboard.type(name);
  await page.keyboard.press("Tab");
  await expect(drawer.getByRole("radio", { name: SCOPE_LABELS.READ_ONLY })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(drawer.getByRole("radio", { name: SCOPE_LABELS.WRITE })).toBeChecked();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");

  await expect(drawer.getByLabel(REVEAL_WORDS.secret)).toBeVisible();
  // Copy has focus; Escape asks first (the secret was not copied), with focus on keeping it open.
  await expect(drawer.getByRole("button", { name: REVEAL_WORDS.copy, exact: true })).toBeFocused();
  await page.keyboard.press("Escape");
  const question = page.getByRole("alertdialog", { name: UNCOPIED_SECRET.title });
  await expect(question.getByRole("button", { name: UNCOPIED_SECRET.keepLabel })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(question.getByRole("button", { name: UNCOPIED_SECRET.closeLabel })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(drawer).toBeHidden();
  await expect(opener).toBeFocused();
  await expect(tokenRow(page, name).getByRole("cell").nth(1)).toHaveText(SCOPE_LABELS.WRITE);
});

test("names are rendered as text, searched and sorted on the server", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const stamp = tokenName("s");
  const names = [`alpha-${stamp}`, `<script>window.pwned=1</script>-${stamp}`, `Bravo-${stamp}`];
  for (const name of names) await createToken(page, name);

  // HTML in a name is shown literally, never run.
  await expect(tokenRow(page, names[1]!)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  await page.getByRole("searchbox", { name: LISTING_WORDS.search }).fill(stamp);
  await expect(page).toHaveURL(new RegExp(`q=${stamp}`));
  await expect(page.getByRole("row")).toHaveCount(4);

  const nameHeader = page.getByRole("columnheader", { name: TOKEN_COLUMN_WORDS.name });
  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  // Each name is the button that opens its details (the row's actions are named "Edit <name>", ...).
  // toHaveText retries: the address changes before the sorted rows arrive.
  await expect(page.getByRole("cell").getByRole("button", { name: new RegExp(`^\\S*-${stamp}$`) })).toHaveText([
    names[1]!,
    names[0]!,
    names[2]!,
  ]); // "<" sorts before letters; case is ignored

  await nameHeader.getByRole("button").click();
  await expect(nameHeader).toHaveAttribute("aria-sort", "descending");
  await expect(page.getByRole("row").nth(1)).toContainText(names[2]!);

  await page.getByRole("searchbox", { name: LISTING_WORDS.search }).fill(`no-such-${stamp}`);
  await expect(page.getByText(LISTING_WORDS.noMatch(`no-such-${stamp}`))).toBeVisible();
});

test("a double submit creates exactly one token", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("double");
  await page.getByRole("button", { name: CREATE_WORDS.open }).click();
  const drawer = createDrawer(page);
  await drawer.getByLabel(FIELD_WORDS.name).fill(name);
  // Two submissions in the same tick: before the button can even re-render as disabled.
  await drawer.locator("form").evaluate((form: HTMLFormElement) => {
    form.requestSubmit();
    form.requestSubmit();
  });
  await expect(drawer.getByLabel(REVEAL_WORDS.secret)).toBeVisible();
  await expect(drawer.getByText("You already have a token named")).toHaveCount(0);
  await closeReveal(page);
  await page.getByRole("searchbox", { name: LISTING_WORDS.search }).fill(name);
  await expect(page).toHaveURL(new RegExp(`q=${name}`));
  await expect(tokenRow(page, name)).toHaveCount(1);
  await expect(page.getByText("1 token matching")).toBeVisible();
});

test("the shell holds at phone width: the sidebar becomes a menu", async ({ page, tokenName }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/api-tokens");
  await expect(page.getByRole("heading", { name: LISTING_WORDS.title, level: 1 })).toBeVisible();
  const name = tokenName("phone");
  await createToken(page, name, "Write");

  // Each row fits the screen, Delete included, and nothing overflows sideways.
  const row = tokenRow(page, name);
  await expect(row.getByRole("button", { name: ROW_WORDS.delete })).toBeInViewport();
  await expect(row.getByText(SCOPE_LABELS.WRITE, { exact: true })).toBeInViewport();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The card's lines start at one left edge: the name is not indented past the scope and dates.
  const left = async (text: string) => (await row.getByText(text, { exact: true }).first().boundingBox())!.x;
  expect(Math.abs((await left(name)) - (await left(SCOPE_LABELS.WRITE)))).toBeLessThan(1);
  await page.getByRole("combobox", { name: LISTING_WORDS.sort }).selectOption({ label: LISTING_WORDS.sortOptions["name:desc"] });
  await expect(page).toHaveURL(/sort=name/);
  await page.screenshot({ path: "e2e/screenshots/phone-listing.png" });

  await page.getByRole("button", { name: "Open navigation" }).click();
  const menu = page.getByRole("dialog", { name: "Navigation" });
  await expect(menu.getByRole("link", { name: "API Token" })).toHaveAttribute("aria-current", "page");
  await expect(menu.getByRole("button", { name: "Log out" })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/phone-menu.png" });
  await menu.getByRole("link", { name: "API Token" }).click();
  await expect(menu).toBeHidden();
});
