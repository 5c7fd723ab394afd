import path from "node:path";
import {
  ACCOUNT_WORDS,
  ALL_TOKENS_WORDS,
  AUDIT_WORDS,
  createDrawer,
  createToken,
  DELETE_WORDS,
  DETAILS_WORDS,
  EDIT_WORDS,
  expect,
  FIELD_WORDS,
  fillCreateDrawer,
  LISTING_WORDS,
  openTokenDetails,
  REVEAL_WORDS,
  ROW_WORDS,
  signUp,
  submitCreateDrawer,
  test,
  tokenRow,
  UNCOPIED_SECRET,
  uncopiedQuestion,
  uniqueUser,
} from "./fixtures";
import { expectAccessible } from "./support/accessibility";

// Every screen of the console, at laptop and at phone width, audited with axe-core against
// WCAG 2.2 A and AA: a serious or critical violation fails the suite.
const VIEWPORTS = [
  { name: "laptop", width: 1360, height: 860 },
  { name: "phone", width: 390, height: 844 },
] as const;

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.name} width`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("the signed-out screens pass axe", async ({ browser }) => {
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport });
      const page = await context.newPage();
      await page.goto("/login");
      await expectAccessible(page, "login");
      await page.getByRole("button", { name: "Login" }).click();
      await expect(page.getByText("Enter your email address.")).toBeVisible();
      await expectAccessible(page, "login with errors");
      await page.goto("/signup");
      await expectAccessible(page, "signup");
      await page.goto("/forgot-password");
      await expect(page.getByRole("heading", { name: "Forgot password", level: 1 })).toBeVisible();
      await expectAccessible(page, "forgot password");
      await page.goto("/reset-password#token=not-a-token");
      await expect(page.getByRole("alert").filter({ hasText: "This reset link is not valid." })).toBeVisible();
      await expectAccessible(page, "reset link refused");
      expect((await page.goto("/no-such-page"))?.status()).toBe(404);
      await expectAccessible(page, "404 page, signed out");
      await context.close();
    });

    test("every console screen passes axe, and dialogs give focus back", async ({ browser, tokenName }) => {
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport });
      const page = await context.newPage();
      await signUp(page, uniqueUser(`a11y-${viewport.name}`));
      await expect(page.getByText(LISTING_WORDS.emptyTitle)).toBeVisible();
      await expectAccessible(page, "empty listing");

      await fillCreateDrawer(page, tokenName("a11y"), "Write");
      const drawer = createDrawer(page);
      await expectAccessible(page, "create drawer");
      await submitCreateDrawer(page);
      await expectAccessible(page, "one-time reveal");
      await drawer.getByRole("button", { name: REVEAL_WORDS.done }).click();
      await expect(uncopiedQuestion(page)).toBeVisible();
      await expectAccessible(page, "close without copying");
      await uncopiedQuestion(page).getByRole("button", { name: UNCOPIED_SECRET.closeLabel }).click();
      await expect(drawer).toBeHidden();

      const name = tokenName("a11y-listed");
      await createToken(page, name, "Read-Only");
      await expectAccessible(page, "listing with tokens");

      // The delete confirmation, and focus back on the Delete button when it is cancelled.
      const deleteButton = tokenRow(page, name).getByRole("button", { name: ROW_WORDS.delete });
      await deleteButton.click();
      const confirm = page.getByRole("alertdialog", { name: DELETE_WORDS.title(name) });
      await expect(confirm).toBeVisible();
      await expectAccessible(page, "delete confirmation");
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await expect(confirm).toBeHidden();
      await expect(deleteButton).toBeFocused();

      // The details panel and its Edit form; Escape gives focus back to the name that opened it.
      const details = await openTokenDetails(page, name);
      await expectAccessible(page, "token details");
      await details.getByRole("button", { name: DETAILS_WORDS.edit }).click();
      const edit = page.getByRole("dialog", { name: DETAILS_WORDS.editTitle(name) });
      await edit.getByLabel(FIELD_WORDS.allowedIps).fill("not-an-address");
      await edit.getByRole("button", { name: EDIT_WORDS.submit }).click();
      await expect(edit.getByText("“not-an-address” is not an IP address")).toBeVisible();
      await expectAccessible(page, "edit form with an error");
      await page.keyboard.press("Escape");
      await expect(edit).toBeHidden();
      await expect(tokenRow(page, name).getByRole("button", { name, exact: true })).toBeFocused();

      // An admin revokes it: the owner's notice says so.
      const admin = await browser.newContext({ storageState: path.join("e2e", ".auth", "user.json"), viewport });
      const adminPage = await admin.newPage();
      await adminPage.goto(`/admin/tokens?q=${encodeURIComponent(name)}`);
      await tokenRow(adminPage, name).getByRole("button", { name: ALL_TOKENS_WORDS.revoke }).click();
      await adminPage.getByRole("alertdialog").getByRole("button", { name: ALL_TOKENS_WORDS.revokeConfirm }).click();
      await expect(tokenRow(adminPage, name)).toHaveCount(0);
      await admin.close();
      await page.reload();
      await expect(page.getByRole("region", { name: "Revoked tokens" })).toContainText(`Token “${name}” was revoked by an administrator`);
      await expectAccessible(page, "revocation notice");

      await page.goto("/api-docs");
      await expect(page.getByRole("heading", { name: "API Docs", level: 1 })).toBeVisible();
      await expectAccessible(page, "API Docs");

      await page.goto("/account");
      await expect(page.getByRole("heading", { name: ACCOUNT_WORDS.title, level: 1 })).toBeVisible();
      await expectAccessible(page, "Account");

      const response = await page.goto("/no-such-page");
      expect(response?.status()).toBe(404);
      await expectAccessible(page, "404 page");
      await context.close();
    });

    test("the admin screens pass axe", async ({ page, tokenName }) => {
      const name = tokenName(`a11y-admin-${viewport.name}`);
      await page.goto("/api-tokens");
      await createToken(page, name, "Read-Only");
      await page.goto("/admin/tokens");
      await expect(page.getByRole("heading", { name: ALL_TOKENS_WORDS.title, level: 1 })).toBeVisible();
      await expectAccessible(page, "All Tokens");
      await page.goto(`/admin/tokens?q=${encodeURIComponent(name)}`);
      await tokenRow(page, name).getByRole("button", { name, exact: true }).click();
      await expect(page.getByRole("dialog", { name }).getByText("Owner")).toBeVisible();
      await expectAccessible(page, "token details (admin)");
      await page.keyboard.press("Escape");
      await page.goto("/admin/audit");
      await expect(page.getByRole("heading", { name: AUDIT_WORDS.title, level: 1 })).toBeVisible();
      await expectAccessible(page, "Audit Log");
    });
  });
}

test("the sidebar spans a page longer than the window and stays in view while it scrolls", async ({ page }) => {
  await page.setViewportSize({ width: 1360, height: 700 });
  await page.goto("/api-docs");
  const sidebar = page.getByRole("complementary", { name: "Sidebar" });
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(pageHeight).toBeGreaterThan(1400);
  // The dark column behind the sidebar is as tall as the page.
  const column = await sidebar.evaluate((aside) => aside.parentElement!.getBoundingClientRect().height);
  expect(column).toBeGreaterThanOrEqual(pageHeight - 1);
  await page.mouse.wheel(0, 1200);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(500);
  await expect(sidebar.getByRole("link", { name: "API Token" })).toBeInViewport();
  await expect(sidebar.getByRole("button", { name: "Log out" })).toBeInViewport();
});
