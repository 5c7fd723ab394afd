import { expect, signUp, test, uniqueUser, type TestUser } from "./fixtures";
import { expectAccessible, screenshots } from "./support/accessibility";
import { TEAM_WORDS, TEAMS_WORDS } from "../app/(dashboard)/teams/words";
import { INVITATION_WORDS } from "../app/(auth)/invitations/words";
import type { Browser, Page } from "@playwright/test";

// Teams (issue 27), in real Chromium: an owner creates a team and invites someone, who accepts
// in a second browser (signing up on the way), is made an admin, then removed. Every new screen
// is audited with axe at 1280 and 390 px, and photographed at both.

async function freshBrowser(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await signUp(page, user);
  return page;
}

async function audit(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await expectAccessible(page, `${name} at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 860 });
  await screenshots(page, name);
}

test("create a team, invite, accept in a second browser, change the role, remove", async ({ browser, tokenName }) => {
  const owner = uniqueUser("owner");
  const invitee = uniqueUser("invitee");
  const teamName = tokenName("Platform team");

  const page = await freshBrowser(browser, owner);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: TEAMS_WORDS.title }).click();
  await expect(page.getByRole("heading", { name: TEAMS_WORDS.title, level: 1 })).toBeVisible();
  await expect(page.getByText(TEAMS_WORDS.empty)).toBeVisible();
  await audit(page, "teams-empty");

  // An empty name is refused beside the field.
  await page.getByRole("button", { name: TEAMS_WORDS.createTeam }).click();
  await expect(page.getByText("Enter a team name.")).toBeVisible();
  await page.getByLabel(TEAMS_WORDS.teamName).fill(teamName);
  await page.getByRole("button", { name: TEAMS_WORDS.createTeam }).click();
  await expect(page.getByRole("heading", { name: teamName, level: 1 })).toBeVisible();
  const teamUrl = page.url();

  await page.getByLabel(TEAM_WORDS.email).fill(invitee.email);
  await page.getByLabel(TEAM_WORDS.role, { exact: true }).selectOption("member");
  await page.getByRole("button", { name: TEAM_WORDS.invite }).click();
  const link = await page.getByLabel(TEAM_WORDS.invitationLink).inputValue();
  expect(link).toMatch(/\/invitations#token=[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole("region", { name: TEAM_WORDS.invitationsTitle }).getByText(invitee.email)).toBeVisible();
  await audit(page, "team-owner");

  // The invitee opens the link signed out, signs up on the way, and comes back to it.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 860 } });
  const other = await context.newPage();
  await other.goto(link);
  await expect(other.getByText(INVITATION_WORDS.signInFirst)).toBeVisible();
  expect(other.url()).not.toContain("token");
  await audit(other, "invitation-signed-out");
  await other.getByRole("link", { name: INVITATION_WORDS.signup }).click();
  await other.getByLabel("Name").fill(invitee.name);
  await other.getByLabel("Email").fill(invitee.email);
  await other.getByLabel("Password").fill(invitee.password);
  await other.getByRole("button", { name: /^Sign up$/ }).click();
  await expect(other).toHaveURL(/\/invitations$/);
  await expect(other.getByText(INVITATION_WORDS.invitedTo(teamName, "member"))).toBeVisible();
  // Reached by a client-side navigation: its title is set as the page's metadata streams in.
  await expect(other).toHaveTitle(new RegExp(INVITATION_WORDS.title));
  await audit(other, "invitation-ready");
  await other.getByRole("button", { name: INVITATION_WORDS.accept }).click();
  await expect(other.getByRole("heading", { name: teamName, level: 1 })).toBeVisible();
  await expect(other.getByText(TEAM_WORDS.description("member"))).toBeVisible();
  await audit(other, "team-member");

  // The owner makes them an admin, then removes them.
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: invitee.email });
  await row.getByLabel(TEAM_WORDS.roleFor(invitee.name)).selectOption("admin");
  await row.getByRole("button", { name: TEAM_WORDS.changeRole }).click();
  await expect(page.getByRole("status").filter({ hasText: TEAM_WORDS.roleChanged(invitee.name, "admin") })).toBeVisible();
  await other.reload();
  await expect(other.getByText(TEAM_WORDS.description("admin"))).toBeVisible();

  await row.getByRole("button", { name: `${TEAM_WORDS.remove} ${invitee.name}` }).click();
  const dialog = page.getByRole("alertdialog", { name: TEAM_WORDS.removeTitle(invitee.name) });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, "remove dialog");
  await dialog.getByRole("button", { name: TEAM_WORDS.removeConfirm }).click();
  await expect(page.getByRole("status").filter({ hasText: TEAM_WORDS.removed(invitee.name) })).toBeVisible();
  await expect(row).toHaveCount(0);

  // Removed: the team's page is a 404 for them at once, as for a team that does not exist.
  expect((await other.goto(teamUrl))?.status()).toBe(404);
  // The used link is refused.
  await other.goto(link);
  await expect(other.getByText(INVITATION_WORDS.used)).toBeVisible();
  await context.close();

  // The owner's list of teams, with its role and head count.
  await page.goto("/teams");
  await expect(page.getByRole("link", { name: teamName })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: teamName })).toContainText(TEAMS_WORDS.memberCount(1));
  await audit(page, "teams-list");
});

test("an invitation opened by another account is refused and stays valid", async ({ browser, tokenName }) => {
  const owner = uniqueUser("owner");
  const stranger = uniqueUser("stranger");
  const page = await freshBrowser(browser, owner);
  await page.goto("/teams");
  await page.getByLabel(TEAMS_WORDS.teamName).fill(tokenName("Ops"));
  await page.getByRole("button", { name: TEAMS_WORDS.createTeam }).click();
  await page.getByLabel(TEAM_WORDS.email).fill("someone-else@example.test");
  await page.getByRole("button", { name: TEAM_WORDS.invite }).click();
  const link = await page.getByLabel(TEAM_WORDS.invitationLink).inputValue();

  const other = await freshBrowser(browser, stranger);
  await other.goto(link);
  await expect(other.getByText(INVITATION_WORDS.wrongAccount("someone-else@example.test"))).toBeVisible();
  await expect(other.getByRole("button", { name: INVITATION_WORDS.logOut })).toBeVisible();
  await audit(other, "invitation-wrong-account");
  await page.reload();
  await expect(page.getByRole("region", { name: TEAM_WORDS.invitationsTitle }).getByText("someone-else@example.test")).toBeVisible();
});
