import crypto from "node:crypto";
import path from "node:path";
import Database from "better-sqlite3";
import type { Browser, Page } from "@playwright/test";
import { ACCOUNT_WORDS, USERS_WORDS } from "../app/(dashboard)/admin/users/words";
import { expectAccessible, screenshots } from "./support/accessibility";
import { createToken, expect, openFromSidebar, signUp, test, type TestUser, uniqueUser } from "./fixtures";

/** axe at a laptop's width and a phone's, then the screenshots of both. */
async function looked(page: Page, screen: string, name: string) {
  await page.setViewportSize({ width: 390, height: 860 });
  await expectAccessible(page, `${screen} at 390 px`);
  await page.setViewportSize({ width: 1280, height: 860 });
  await expectAccessible(page, `${screen} at 1280 px`);
  await screenshots(page, name);
}

async function asNewUser(browser: Browser, label: string) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const user: TestUser = uniqueUser(label);
  await signUp(page, user);
  return { context, page, user };
}

/**
 * Makes `tokenName` a token of a new team in the suite's database (e2e/.data), with the creator
 * as its admin and `heir` as its owner: the teams' own screens are another change's.
 */
function teamUp(tokenName: string, creatorEmail: string, heirEmail: string) {
  const db = new Database(path.join("e2e", ".data", "token-console.db"), { timeout: 10_000 });
  try {
    const kind = (db.prepare(`SELECT typeof(createdAt) AS kind FROM ApiToken LIMIT 1`).get() as { kind: string }).kind;
    const now = kind === "integer" ? Date.now() : new Date().toISOString();
    const teamId = `team${crypto.randomBytes(8).toString("hex")}`;
    const name = `Platform ${teamId.slice(-4)}`;
    db.prepare(`INSERT INTO Team (id, name, nameKey, memberTokens, createdAt) VALUES (?, ?, ?, 'read_only', ?)`).run(
      teamId,
      name,
      name.toLowerCase(),
      now,
    );
    const idOf = (email: string) => (db.prepare(`SELECT id FROM User WHERE email = ?`).get(email) as { id: string }).id;
    const member = db.prepare(`INSERT INTO TeamMember (teamId, userId, role, source, createdAt) VALUES (?, ?, ?, 'console', ?)`);
    member.run(teamId, idOf(creatorEmail), "admin", now);
    member.run(teamId, idOf(heirEmail), "owner", now);
    expect(db.prepare(`UPDATE ApiToken SET teamId = ?, ownerId = ? WHERE name = ?`).run(teamId, teamId, tokenName).changes).toBe(1);
    return name;
  } finally {
    db.close();
  }
}

test("an admin disables a user: the session is gone, the personal token gets 401, a team token it created still works and is handed over", async ({
  page,
  browser,
  request,
  tokenName,
}) => {
  const leaver = await asNewUser(browser, "leaver");
  const heir = await asNewUser(browser, "heir");
  const personalName = tokenName("leaver-personal");
  const teamName = tokenName("leaver-team");
  const personal = await createToken(leaver.page, personalName, "Write");
  const shared = await createToken(leaver.page, teamName, "Read-Only");
  const team = teamUp(teamName, leaver.user.email, heir.user.email);
  expect((await request.get("/v2/account/info", { headers: { Authorization: `Bearer ${personal}` } })).status()).toBe(200);

  // A member finds no Users screen: both pages are a 404 to them.
  for (const path of ["/admin/users", `/admin/users/${"x".repeat(10)}`]) expect((await heir.page.goto(path))?.status(), path).toBe(404);

  // The admin finds the account on Users, filtered by email, and disables it.
  await page.goto("/api-tokens");
  await openFromSidebar(page, USERS_WORDS.title);
  await looked(page, "Users", "users");
  await page.getByLabel(USERS_WORDS.filterEmail).fill(leaver.user.email);
  await page.getByRole("button", { name: USERS_WORDS.apply }).click();
  await expect(page).toHaveURL(/email=/);
  const row = page.getByRole("row").filter({ hasText: leaver.user.email });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: `${USERS_WORDS.disable} ${leaver.user.email}` }).click();
  const dialog = page.getByRole("alertdialog", { name: USERS_WORDS.disableTitle(leaver.user.email) });
  await expect(dialog).toContainText(USERS_WORDS.disableDescription(1));
  await looked(page, "the Disable confirmation", "users-disable-dialog");
  await dialog.getByRole("button", { name: USERS_WORDS.disableConfirm }).click();
  await expect(page.getByRole("status").filter({ hasText: USERS_WORDS.disabledNotice(leaver.user.email, 1) })).toBeVisible();
  await expect(row.getByRole("cell", { name: USERS_WORDS.disabled, exact: true })).toBeVisible();

  // Its session is gone at the next request, its personal token gets 401, the team token works.
  await leaver.page.goto("/api-tokens");
  await expect(leaver.page).toHaveURL(/\/login/);
  expect((await request.get("/v2/account/info", { headers: { Authorization: `Bearer ${personal}` } })).status()).toBe(401);
  expect((await request.get("/v2/account/info", { headers: { Authorization: `Bearer ${shared}` } })).status()).toBe(200);

  // The right password is told the account is disabled.
  await leaver.page.getByLabel("Email").fill(leaver.user.email);
  await leaver.page.getByLabel("Password").fill(leaver.user.password);
  await leaver.page.getByRole("button", { name: "Login" }).click();
  await expect(leaver.page.getByText("This account has been disabled.", { exact: false })).toBeVisible();

  // The admin hands the team token over to the team's owner.
  await row.getByRole("link", { name: USERS_WORDS.teamTokens(1) }).click();
  await expect(page.getByRole("heading", { name: ACCOUNT_WORDS.title(leaver.user.email), level: 1 })).toBeVisible();
  const tokens = page.getByRole("list", { name: ACCOUNT_WORDS.tokensLabel });
  await expect(tokens).toContainText(teamName);
  await expect(tokens).toContainText(team);
  await looked(page, "an account's offboarding", "users-offboarding");
  await page.getByRole("button", { name: `${ACCOUNT_WORDS.handOver} ${teamName}` }).click();
  await expect(page.getByText(ACCOUNT_WORDS.chooseHeir)).toBeVisible();
  await looked(page, "an inline error", "users-offboarding-error");
  await page.getByLabel(ACCOUNT_WORDS.heirLabel(teamName)).selectOption({ label: `${heir.user.email} (Owner)` });
  await page.getByRole("button", { name: `${ACCOUNT_WORDS.handOver} ${teamName}` }).click();
  await expect(page.getByRole("status").filter({ hasText: ACCOUNT_WORDS.handedNotice(teamName, heir.user.email) })).toBeVisible();
  await expect(page.getByText(ACCOUNT_WORDS.empty)).toBeVisible();
  expect((await request.get("/v2/account/info", { headers: { Authorization: `Bearer ${shared}` } })).status()).toBe(200);
  await looked(page, "an account's offboarding, done", "users-offboarding-empty");

  await leaver.context.close();
  await heir.context.close();
});
