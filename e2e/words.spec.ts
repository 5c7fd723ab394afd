import {
  closeReveal,
  confirmRowConfirmation,
  createDrawer,
  createToken,
  DELETE_WORDS,
  expect,
  FIELD_WORDS,
  fillCreateDrawer,
  openRollDialog,
  openRowConfirmation,
  REVEAL_WORDS,
  ROLL_WORDS,
  rollPanel,
  ROW_WORDS,
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
  const drawer = createDrawer(page);
  await expect(drawer.getByRole("textbox", { name: `${FIELD_WORDS.description} (optional)`, exact: true })).toBeVisible();
  await expect(drawer.getByRole("textbox", { name: `${FIELD_WORDS.allowedIps} (optional)`, exact: true })).toBeVisible();
  await submitCreateDrawer(page);
  await closeReveal(page);

  const name = tokenName("words");
  await createToken(page, name, "Read-Only");
  expect(await page.getByRole("main").innerText()).not.toMatch(/revok/i);
  const dialog = await openRowConfirmation(page, name, ROW_WORDS.delete, DELETE_WORDS.title(name));
  expect(await dialog.innerText()).not.toMatch(/revok/i);
  await confirmRowConfirmation(page, dialog, DELETE_WORDS.confirm, DELETE_WORDS.deleted(name));
  await expect(tokenRow(page, name)).toHaveCount(0);
  expect(await page.getByRole("main").innerText()).not.toMatch(/revok/i);
  await context.close();
});

test("Roll: the button and the panel after it are both “Roll token”, with curly apostrophes", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("words-roll");
  await createToken(page, name, "Read-Only");
  const confirm = await openRollDialog(page, name);
  await confirm.getByRole("radio", { name: "Immediately" }).click();
  await confirm.getByRole("button", { name: ROLL_WORDS.confirm }).click();
  const panel = rollPanel(page);
  await expect(panel.getByLabel(REVEAL_WORDS.secret)).toBeVisible();
  await expect(panel.getByText(ROLL_WORDS.panelDescription)).toBeVisible();
  expect(await panel.innerText()).not.toContain("'");
  await panel.getByRole("button", { name: REVEAL_WORDS.done }).click();
  await expect(panel).toBeHidden();
});
