import type { Page } from "@playwright/test";
import { expect, signUp, test, uniqueUser } from "./fixtures";
import { expectAccessible } from "./support/accessibility";

// Issue 22: the 404 page was prerendered, so its scripts carried no CSP nonce: the browser
// refused every one (a dozen CSP errors in the console) and the page never hydrated; and a
// signed-in visitor lost the app shell. It is rendered per request, in the shell when signed in.

/** Console errors from the moment the page is opened: a script the CSP refused is one. */
function consoleErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    // The 404 itself is the point of the visit, not an error of the page.
    if (message.type() === "error" && !/status of 404/.test(message.text())) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

/** Whether Next.js's client started: it sets window.next when the page hydrates. */
const hydrated = (page: Page) => page.evaluate(() => Boolean((window as { next?: { version?: string } }).next?.version));

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a 404 runs its scripts under the nonce, with no CSP error, and hydrates", async ({ page }) => {
    const errors = consoleErrors(page);
    const response = await page.goto("/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "This page does not exist", level: 1 })).toBeVisible();
    await expect.poll(() => hydrated(page)).toBe(true);
    expect(errors).toEqual([]);
    await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
    await expect(page).toHaveTitle("Page not found · Token Console");
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 860 });
      await page.screenshot({ path: `e2e/screenshots/not-found-signed-out-${width}.png`, fullPage: true });
    }
  });
});

test("signed in, a 404 keeps the app shell: the sidebar, the user and Log out", async ({ page }) => {
  const errors = consoleErrors(page);
  const response = await page.goto("/api-tokens/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API Token" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Log out" }).first()).toBeVisible();
  await expect.poll(() => hydrated(page)).toBe(true);
  expect(errors).toEqual([]);
  await expectAccessible(page, "404 in the shell");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await page.screenshot({ path: `e2e/screenshots/not-found-signed-in-${width}.png`, fullPage: true });
  }
  // The shell works: its sidebar's link leads on.
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API Docs" }).click();
  await expect(page.getByRole("heading", { name: "API Docs", level: 1 })).toBeVisible();
});

test("a member asking for an admin page gets the 404 inside the shell, without its Admin section", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signUp(page, uniqueUser("member-404"));
  const errors = consoleErrors(page);
  const response = await page.goto("/admin/tokens");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "This page does not exist", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API Token" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "All Tokens" })).toHaveCount(0);
  await expect.poll(() => hydrated(page)).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
});
