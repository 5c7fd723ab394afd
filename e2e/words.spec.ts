import {
  closeReveal,
  createToken,
  expect,
  fillCreateDrawer,
  openRowConfirmation,
  signUp,
  submitCreateDrawer,
  test,
  tokenRow,
  uniqueUser,
} from "./fixtures";

// Issue 22, "words": one word for one thing on each screen. The guide's words where it has
// some (a Login button, "sign up here"); the owner deletes, an admin revokes; labels read as
// they look; curly quotes and apostrophes throughout.

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("Login and Sign up say one word each for logging in and signing up", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Login", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Login" })).toBeVisible();
    await expect(page).toHaveTitle("Login · Token Console");
    await expect(page.getByText("If you don’t have an account, sign up here.")).toBeVisible();
    await expect(page.getByRole("link", { name: "sign up" })).toHaveAttribute("href", "/signup");
    const login = await page.locator("body").innerText();
    expect(login).not.toMatch(/log in|No account yet/i);
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 860 });
      await page.screenshot({ path: `e2e/screenshots/login-${width}.png`, fullPage: true });
    }

    await page.getByRole("link", { name: "sign up" }).click();
    await expect(page.getByRole("heading", { name: "Sign up", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign up" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Login" })).toHaveAttribute("href", "/login");
    expect(await page.locator("body").innerText()).not.toMatch(/log in|logged in|'/i);
  });
});

test("the owner's screens say delete, never revoke; optional fields read “(optional)” with its space", async ({ browser, tokenName }) => {
  // A user of its own: the suite's admin has notices of other tests' leaked tokens, which rightly say "revoked".
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signUp(page, uniqueUser("words"));
  await fillCreateDrawer(page, tokenName("words-draft"), "Read-Only");
  const drawer = page.getByRole("dialog", { name: "Create API Key" });
  await expect(drawer.getByRole("textbox", { name: "Description (optional)", exact: true })).toBeVisible();
  await expect(drawer.getByRole("textbox", { name: "Allowed IPs (optional)", exact: true })).toBeVisible();
  await submitCreateDrawer(page);
  await closeReveal(page);

  const name = tokenName("words");
  await createToken(page, name, "Read-Only");
  expect(await page.getByRole("main").innerText()).not.toMatch(/revok/i);
  const dialog = await openRowConfirmation(page, name, "Delete", `Delete “${name}”?`);
  expect(await dialog.innerText()).not.toMatch(/revok/i);
  await dialog.getByRole("button", { name: "Delete token" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Token “${name}” was deleted. It can no longer be used.` })).toBeVisible();
  await expect(tokenRow(page, name)).toHaveCount(0);
  expect(await page.getByRole("main").innerText()).not.toMatch(/revok/i);
  await context.close();
});

test("Roll: the button and the panel after it are both “Roll token”, with curly apostrophes", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("words-roll");
  await createToken(page, name, "Read-Only");
  await tokenRow(page, name)
    .getByRole("button", { name: `Roll ${name}`, exact: true })
    .click();
  const confirm = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await confirm.getByRole("radio", { name: "Immediately" }).click();
  await confirm.getByRole("button", { name: "Roll token" }).click();
  const panel = page.getByRole("dialog", { name: "Roll token" });
  await expect(panel.getByLabel("Your API token")).toBeVisible();
  await expect(panel.getByText("Your token’s new secret is ready.")).toBeVisible();
  expect(await panel.innerText()).not.toContain("'");
  await panel.getByRole("button", { name: "Done" }).click();
  await expect(panel).toBeHidden();
});
