import path from "node:path";
import {
  ACCOUNT_WORDS,
  ALL_TOKENS_WORDS,
  AUDIT_WORDS,
  CREATE_WORDS,
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
  permissionRow,
  pickPermissions,
  REVEAL_WORDS,
  ROW_WORDS,
  scopeChoice,
  signUp,
  submitCreateDrawer,
  test,
  tokenRow,
  UNCOPIED_SECRET,
  uncopiedQuestion,
  uniqueUser,
  UNSAVED_FORM,
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
      await page.goto("/admin");
      await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
      await expectAccessible(page, "Overview");
    });
  });
}

// The permission screens (issue 24), at the widths their layout was drawn for: the Create drawer
// with Custom's picker open (and its error), a template link with a problem, and the details
// panel's Permissions. Screenshots go to SCREENSHOTS_DIR (e2e/screenshots by default).
const SHOTS = process.env.SCREENSHOTS_DIR ?? path.join("e2e", "screenshots");
for (const width of [1280, 390]) {
  test(`the permission screens pass axe at ${width} px`, async ({ page, tokenName }) => {
    await page.setViewportSize({ width, height: 860 });
    const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`) });
    await page.goto("/api-tokens");
    const name = tokenName(`a11y-picker-${width}`);
    await createToken(page, name, "Read-Only");

    await page.getByRole("button", { name: CREATE_WORDS.open }).click();
    const drawer = createDrawer(page);
    await drawer.getByLabel(FIELD_WORDS.name).fill(tokenName("a11y-custom"));
    await pickPermissions(page, {});
    await drawer.getByRole("button", { name: CREATE_WORDS.submit }).click();
    await expect(drawer.locator("#permissions-error")).toBeVisible();
    await expectAccessible(page, "create drawer, Custom with its error");
    await pickPermissions(page, { Account: "Read", DNS: "Write" });
    await permissionRow(page, "DNS").scrollIntoViewIfNeeded();
    await expectAccessible(page, "create drawer, Custom picker");
    // Nothing of it is cut off or pushed sideways at this width.
    const fits = await drawer.evaluate((element) => element.scrollWidth <= element.clientWidth);
    expect(fits).toBe(true);
    await shot("create-drawer-picker");
    await page.keyboard.press("Escape");
    await page.getByRole("alertdialog", { name: UNSAVED_FORM.title }).getByRole("button", { name: UNSAVED_FORM.closeLabel }).click();

    await page.goto("/api-tokens/new?name=ci-dns&permissions=dns:write,nosuch:read&expires_in_days=30");
    await expect(drawer.getByRole("alert")).toBeVisible();
    await expect(scopeChoice(page, "Custom")).toBeChecked();
    await expectAccessible(page, "template link with a problem");
    await shot("template-problem");
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/\/api-tokens$/);

    const panel = await openTokenDetails(page, name);
    // The section at the top of the panel's scroll, as its reader sees it.
    await panel.getByRole("heading", { name: DETAILS_WORDS.permissions }).evaluate((heading) => heading.scrollIntoView({ block: "start" }));
    await expectAccessible(page, "details panel, Permissions");
    await shot("details-permissions");
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
