import type { Browser, Page } from "@playwright/test";
import { generate } from "otplib";
import { TWO_FACTOR_WORDS } from "../app/(dashboard)/account/two-factor/words";
import { TWO_FACTOR_LOGIN_WORDS } from "../app/(auth)/login/two-factor/words";
import { expect, signUp, test, uniqueUser, type TestUser } from "./fixtures";
import { BASE_URL } from "../playwright.config";
import { addPasskeyDevice } from "./support/sudo";
import { expectAccessible, screenshots } from "./support/accessibility";

// Issue 28: an authenticator app and passkeys as second factors, and passkeys on their own.

const fresh = (browser: Browser, baseURL = BASE_URL) => browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
// Each code is accepted once: the next step's code, when the current one was used.
const codeFor = (secret: string, steps = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

async function passwordStep(page: Page, user: TestUser) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Login" }).click();
  await expect(page).toHaveURL(/\/login\/two-factor$/);
}

test("enrol an authenticator app, then sign in with password and code; a recovery code works once", async ({ browser }) => {
  const user = uniqueUser("totp");
  const page = await (await fresh(browser)).newPage();
  await signUp(page, user);
  await page.goto("/account/two-factor");
  await expect(page.getByRole("heading", { name: TWO_FACTOR_WORDS.title, level: 1 })).toBeVisible();
  await expectAccessible(page, "two-factor");
  await screenshots(page, "two-factor");
  await page.getByRole("button", { name: TWO_FACTOR_WORDS.setUp }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  await expect(page.getByRole("img", { name: TWO_FACTOR_WORDS.qrLabel })).toBeVisible();
  await expectAccessible(page, "two-factor setup");
  await screenshots(page, "two-factor-setup");
  await page.getByLabel(TWO_FACTOR_WORDS.code).fill(await codeFor(secret));
  await page.getByRole("button", { name: TWO_FACTOR_WORDS.confirm }).click();
  const list = page.getByRole("list", { name: TWO_FACTOR_WORDS.codesTitle });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const recovery = (await list.getByRole("listitem").allInnerTexts()).map((c) => c.trim());
  await expectAccessible(page, "recovery codes");
  await screenshots(page, "two-factor-recovery-codes");
  await page.getByRole("button", { name: TWO_FACTOR_WORDS.codesSaved }).click();
  await expect(page.getByText(TWO_FACTOR_WORDS.appOn(10))).toBeVisible();

  const other = await (await fresh(browser)).newPage();
  await passwordStep(other, user);
  await expectAccessible(other, "second factor");
  await screenshots(other, "login-second-factor");
  // The pending sign-in opens no page.
  await other.goto("/api-tokens");
  await expect(other).toHaveURL(/\/login/);
  await passwordStep(other, user);
  await other.getByLabel(TWO_FACTOR_LOGIN_WORDS.code).fill(await codeFor(secret, 1));
  await other.getByRole("button", { name: TWO_FACTOR_LOGIN_WORDS.submit }).click();
  await expect(other).toHaveURL(/\/api-tokens/);

  const third = await (await fresh(browser)).newPage();
  await passwordStep(third, user);
  await third.getByLabel(TWO_FACTOR_LOGIN_WORDS.code).fill(recovery[0]!);
  await third.getByRole("button", { name: TWO_FACTOR_LOGIN_WORDS.submit }).click();
  await expect(third).toHaveURL(/\/api-tokens/);
  const fourth = await (await fresh(browser)).newPage();
  await passwordStep(fourth, user);
  await fourth.getByLabel(TWO_FACTOR_LOGIN_WORDS.code).fill(recovery[0]!);
  await fourth.getByRole("button", { name: TWO_FACTOR_LOGIN_WORDS.submit }).click();
  await expect(fourth.getByRole("alert").filter({ hasText: /not right/ })).toBeVisible();
  await expect(fourth).toHaveURL(/\/login\/two-factor$/);
});

test("a passkey: register, sign in without a password, and use as the second factor", async ({ browser }) => {
  // An IP address cannot be a WebAuthn relying party: localhost can.
  const context = await fresh(browser, BASE_URL.replace("127.0.0.1", "localhost"));
  const page = await context.newPage();
  await addPasskeyDevice(page);
  const user = uniqueUser("passkey");
  await signUp(page, user);
  await page.goto("/account/two-factor");
  await page.getByLabel(TWO_FACTOR_WORDS.passkeyName).fill("Virtual key");
  await page.getByRole("button", { name: TWO_FACTOR_WORDS.addPasskey }).click();
  await expect(page.getByRole("list", { name: TWO_FACTOR_WORDS.passkeysTitle }).getByText("Virtual key")).toBeVisible();
  await expectAccessible(page, "passkeys");

  await context.clearCookies();
  await page.goto("/login");
  await page.getByRole("button", { name: TWO_FACTOR_LOGIN_WORDS.signInWithPasskey }).click();
  await expect(page).toHaveURL(/\/api-tokens/);

  await context.clearCookies();
  await passwordStep(page, user);
  await expectAccessible(page, "second factor, passkey only");
  await page.getByRole("button", { name: TWO_FACTOR_LOGIN_WORDS.passkey }).click();
  await expect(page).toHaveURL(/\/api-tokens/);
});
