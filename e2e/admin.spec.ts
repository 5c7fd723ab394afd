import type { Browser } from "@playwright/test";
import {
  ALL_TOKENS_WORDS,
  AUDIT_WORDS,
  confirmRowConfirmation,
  createToken,
  deleteToken,
  expect,
  LISTING_WORDS,
  openFromSidebar,
  openRowConfirmation,
  signUp,
  test,
  type TestUser,
  tokenRow,
  uniqueUser,
} from "./fixtures";

async function asNewUser(browser: Browser, label: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const user: TestUser = uniqueUser(label);
  await signUp(page, user);
  return { context, page, user };
}

test("an admin sees every user's tokens, revokes one, and finds every step in the audit log; a member sees none of it", async ({
  page,
  browser,
  request,
  tokenName,
}) => {
  await page.setViewportSize({ width: 1360, height: 900 });
  const alice = await asNewUser(browser, "alice");
  const bob = await asNewUser(browser, "bob");

  // Two users make tokens; Alice deletes one of hers, and Bob tries to write with a Read-Only token.
  const keep = tokenName("alice-keep");
  const temp = tokenName("alice-temp");
  const keepSecret = await createToken(alice.page, keep, "Write");
  await createToken(alice.page, temp, "Read-Only");
  await deleteToken(alice.page, temp);
  const bobsName = tokenName("bob-reader");
  const bobsSecret = await createToken(bob.page, bobsName, "Read-Only");
  const denied = await request.post("/v2/api/generate", { headers: { Authorization: `Bearer ${bobsSecret}` }, data: { name: "nope" } });
  expect(denied.status()).toBe(403);

  // A member has no Admin section and gets 404 for every admin page and the export.
  await expect(bob.page.getByRole("navigation", { name: "Main" }).getByText("Admin")).toHaveCount(0);
  for (const path of ["/admin", "/admin/tokens", "/admin/audit"]) {
    const response = await bob.page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  expect((await bob.page.request.get("/admin/audit/export")).status()).toBe(404);
  await expect(bob.page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();

  // The admin sees all tokens and filters by owner.
  await page.goto("/api-tokens");
  await openFromSidebar(page, ALL_TOKENS_WORDS.title);
  await expect(tokenRow(page, bobsName)).toBeVisible();
  await page.getByRole("searchbox", { name: ALL_TOKENS_WORDS.filterOwner }).fill(alice.user.email);
  await expect(page).toHaveURL(/owner=/);
  await expect(tokenRow(page, keep)).toBeVisible();
  await expect(tokenRow(page, bobsName)).toHaveCount(0);
  await expect(tokenRow(page, temp)).toHaveCount(0);
  await page.screenshot({ path: "e2e/screenshots/admin-tokens.png" });

  // Revoke names the token and its owner; the owner's next API call with it is refused.
  expect((await request.get("/v2/api", { headers: { Authorization: `Bearer ${keepSecret}` } })).status()).toBe(200);
  const dialog = await openRowConfirmation(page, keep, ALL_TOKENS_WORDS.revoke, ALL_TOKENS_WORDS.revokeTitle(keep, alice.user.email));
  await confirmRowConfirmation(page, dialog, ALL_TOKENS_WORDS.revokeConfirm, ALL_TOKENS_WORDS.revoked(keep, alice.user.email));
  await expect(tokenRow(page, keep)).toHaveCount(0);
  expect((await request.get("/v2/api", { headers: { Authorization: `Bearer ${keepSecret}` } })).status()).toBe(401);
  await alice.page.reload();
  await expect(tokenRow(alice.page, keep)).toHaveCount(0);
  // The owner is told where it went, as for a leaked token, until they dismiss it.
  const revoked = alice.page.getByRole("region", { name: "Revoked tokens" }).getByRole("status").filter({ hasText: keep });
  await expect(revoked).toContainText(new RegExp(`^Token “${keep}” was revoked by an administrator on .+\\.It \\(tkc_`));
  await expect(revoked.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT\d\d:\d\d/);
  await alice.page.screenshot({ path: "e2e/screenshots/revocation-notice-1280.png" });
  await alice.page.setViewportSize({ width: 390, height: 844 });
  await alice.page.screenshot({ path: "e2e/screenshots/revocation-notice-390.png", fullPage: true });
  await revoked.getByRole("button", { name: `Dismiss the notice about “${keep}”` }).click();
  await expect(revoked).toHaveCount(0);
  await alice.page.reload();
  await expect(alice.page.getByRole("heading", { name: LISTING_WORDS.title, level: 1 })).toBeVisible();
  await expect(alice.page.getByText("was revoked by an administrator")).toHaveCount(0);

  // Every step is in the audit log, newest first.
  await openFromSidebar(page, AUDIT_WORDS.title);
  await page.getByLabel(AUDIT_WORDS.user).fill(alice.user.email);
  await page.getByRole("button", { name: AUDIT_WORDS.apply }).click();
  await expect(page).toHaveURL(/user=/);
  const rows = page.getByRole("region", { name: "Audit events" }).getByRole("row");
  // Header + revoked, deleted, 2 created, signed up (signing up starts the first session itself).
  await expect(rows).toHaveCount(1 + 5);
  const actions = await rows.locator("td:nth-child(2) span").allTextContents();
  expect(actions).toEqual(["Token revoked by admin", "Token deleted by owner", "Token created", "Token created", "Signed up"]);
  await expect(rows.nth(1)).toContainText(keep);
  await expect(rows.nth(2)).toContainText(temp);
  await page.screenshot({ path: "e2e/screenshots/audit-log.png" });

  await page.getByLabel(AUDIT_WORDS.user).fill(bob.user.email);
  await page.getByLabel(AUDIT_WORDS.action).selectOption({ label: "API request denied" });
  await page.getByRole("button", { name: AUDIT_WORDS.apply }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText("POST /v2/api/generate");
  await expect(rows.nth(1)).toContainText(bobsName);

  // Export CSV carries the same filters.
  const href = await page.getByRole("link", { name: AUDIT_WORDS.exportCsv }).getAttribute("href");
  expect(href).toContain("action=api.denied");
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain("api.denied");
  expect(lines[1]).toContain(bobsName);

  await alice.context.close();
  await bob.context.close();
});
