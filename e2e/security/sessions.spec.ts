import type { Browser, BrowserContext } from "@playwright/test";
import { ACCOUNT_WORDS, expect, signUp, test, uniqueUser } from "../fixtures";

// Finding 2: a session cookie copied before Log out kept working (and was renewed).

async function freshContext(browser: Browser, cookies: Awaited<ReturnType<BrowserContext["cookies"]>> = []) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.addCookies(cookies);
  return context;
}

async function opensTheConsole(browser: Browser, cookies: Awaited<ReturnType<BrowserContext["cookies"]>>) {
  const context = await freshContext(browser, cookies);
  const page = await context.newPage();
  await page.goto("/api-tokens");
  const open = !/\/login/.test(page.url());
  await context.close();
  return open;
}

test("a cookie copied before Log out opens nothing afterwards", async ({ browser }) => {
  const context = await freshContext(browser);
  const page = await context.newPage();
  await signUp(page, uniqueUser("replay"));
  const copied = await context.cookies();
  expect(copied.map((c) => c.name)).toContain("token-console.session");
  expect(await opensTheConsole(browser, copied)).toBe(true);

  await page.getByRole("button", { name: "Log out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
  expect(await opensTheConsole(browser, copied)).toBe(false);
  // next-auth's own endpoints are not served: nothing renews a cookie.
  expect((await page.request.get("/api/auth/session")).status()).toBe(404);
  await context.close();
});

test("a password change ends every other browser's session; Log out everywhere ends all", async ({ browser }) => {
  const user = uniqueUser("password-change");
  const laptop = await freshContext(browser);
  const laptopPage = await laptop.newPage();
  await signUp(laptopPage, user);

  const phone = await freshContext(browser);
  const phonePage = await phone.newPage();
  await phonePage.goto("/login");
  await phonePage.getByLabel("Email").fill(user.email);
  await phonePage.getByLabel("Password").fill(user.password);
  await phonePage.getByRole("button", { name: "Login" }).click();
  await expect(phonePage).toHaveURL(/\/api-tokens/);
  const phoneCookies = await phone.cookies();

  await laptopPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
  await expect(laptopPage.getByRole("heading", { name: ACCOUNT_WORDS.title, level: 1 })).toBeVisible();
  await laptopPage.getByLabel(ACCOUNT_WORDS.currentPassword).fill(user.password);
  await laptopPage.getByLabel("New password", { exact: true }).fill("a-brand-new-passphrase");
  await laptopPage.getByLabel("New password, again").fill("a-brand-new-passphrase");
  await laptopPage.getByRole("button", { name: ACCOUNT_WORDS.changePassword }).click();
  await expect(laptopPage.getByText("Your password was changed. Every other session has ended.")).toBeVisible();
  expect(await opensTheConsole(browser, phoneCookies)).toBe(false);
  const laptopCookies = await laptop.cookies();
  expect(await opensTheConsole(browser, laptopCookies)).toBe(true);

  // The recent sign-ins list both browsers' logins, with their address.
  await laptopPage.reload();
  const signIns = laptopPage.getByRole("region", { name: ACCOUNT_WORDS.signIns }).getByRole("row");
  await expect(signIns).toHaveCount(3); // header, the phone's login, the sign-up
  await expect(signIns.nth(1)).toContainText("127.0.0.1");

  await laptopPage.getByRole("button", { name: ACCOUNT_WORDS.logOutEverywhere }).click();
  await expect(laptopPage).toHaveURL(/\/login/);
  expect(await opensTheConsole(browser, laptopCookies)).toBe(false);
  await laptop.close();
  await phone.close();
});

test("guessing the current password in Change password: each wrong one is said, typing stays where it is, and the fifth ends the session with a word on the login page", async ({
  browser,
}) => {
  const context = await freshContext(browser);
  const page = await context.newPage();
  const user = uniqueUser("guessing");
  await signUp(page, user);
  await page.goto("/account");
  for (let n = 1; n <= 4; n++) {
    await page.getByLabel(ACCOUNT_WORDS.currentPassword).fill(`not-it-${n}`);
    // Typed into the next fields after the refusal: it must land there, not back in the first one.
    await page.getByLabel("New password", { exact: true }).click();
    await page.keyboard.type("a-brand-new-passphrase");
    await page.getByLabel("New password, again").click();
    await page.keyboard.type("a-brand-new-passphrase");
    await expect(page.getByLabel("New password", { exact: true })).toHaveValue("a-brand-new-passphrase");
    await expect(page.getByLabel(ACCOUNT_WORDS.currentPassword)).toHaveValue(`not-it-${n}`);
    await page.getByRole("button", { name: ACCOUNT_WORDS.changePassword }).click();
    await expect(page.getByText("That is not your current password.")).toBeVisible();
  }
  await page.getByLabel(ACCOUNT_WORDS.currentPassword).fill("not-it-5");
  await page.getByLabel("New password", { exact: true }).fill("a-brand-new-passphrase");
  await page.getByLabel("New password, again").fill("a-brand-new-passphrase");
  await page.getByRole("button", { name: ACCOUNT_WORDS.changePassword }).click();
  await expect(page).toHaveURL(/\/login\?ended=password-failures/);
  await expect(page.getByRole("status").filter({ hasText: "Too many wrong passwords: this session has ended." })).toBeVisible();
  // The password never changed, and it still opens the account.
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Login" }).click();
  await expect(page).toHaveURL(/\/api-tokens/);
  await context.close();
});
