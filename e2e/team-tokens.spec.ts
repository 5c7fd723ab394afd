import type { Browser, Page } from "@playwright/test";
import { TEAM_WORDS, TEAMS_WORDS } from "../app/(dashboard)/teams/words";
import { INVITATION_WORDS } from "../app/(auth)/invitations/words";
import {
  CONTEXT_WORDS,
  CREATE_WORDS,
  createDrawer,
  createToken,
  expect,
  LISTING_WORDS,
  openFromSidebar,
  ROW_WORDS,
  scopeChoice,
  signUp,
  switchContext as switchTo,
  test,
  tokenRow,
  uniqueUser,
  type TestUser,
} from "./fixtures";
import { expectAccessible, screenshots } from "./support/accessibility";

// Team tokens in real Chromium (issue 27): an owner switches the API Token page to a team and
// creates a Write token for CI; a member who joined by invitation sees it with its creator, may not
// change it, and may create only a Read-Only one; the API lists the team's tokens to a team token.

async function freshBrowser(browser: Browser, user: TestUser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await signUp(page, user);
  return page;
}

test("a team's tokens: created in the team's context, seen by its members, kept to the team's rule", async ({ browser, tokenName }) => {
  const owner = uniqueUser("team-owner");
  const member = uniqueUser("team-member");
  const teamName = tokenName("Release team");
  const ci = tokenName("ci");

  const page = await freshBrowser(browser, owner);
  await page.goto("/teams");
  await page.getByLabel(TEAMS_WORDS.teamName).fill(teamName);
  await page.getByRole("button", { name: TEAMS_WORDS.createTeam }).click();
  await expect(page.getByRole("heading", { name: teamName, level: 1 })).toBeVisible();
  await page.getByLabel(TEAM_WORDS.email).fill(member.email);
  await page.getByLabel(TEAM_WORDS.role, { exact: true }).selectOption("member");
  await page.getByRole("button", { name: TEAM_WORDS.invite }).click();
  const link = await page.getByLabel(TEAM_WORDS.invitationLink).inputValue();

  // The owner's team context, from the sidebar (which now lists the team): the team's words, and a Write token for CI.
  await openFromSidebar(page, LISTING_WORDS.title);
  await switchTo(page, teamName);
  await expect(page.getByText(LISTING_WORDS.teamDescription(teamName))).toBeVisible();
  const secret = await createToken(page, ci, "Write");
  await expect(tokenRow(page, ci)).toContainText(`${LISTING_WORDS.createdBy} ${owner.name}`);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await expectAccessible(page, `team API Token page at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 860 });
  await screenshots(page, "team-api-tokens");
  const teamUrl = page.url();

  // Back to the owner's own tokens: the team's token is not among them.
  await switchTo(page, CONTEXT_WORDS.personal);
  await expect(tokenRow(page, ci)).toHaveCount(0);

  // The member joins, and sees the team's token with its creator, without Edit, Roll or Delete.
  const other = await freshBrowser(browser, member);
  await other.goto(link);
  await other.getByRole("button", { name: INVITATION_WORDS.accept }).click();
  await expect(other.getByRole("heading", { name: teamName, level: 1 })).toBeVisible();
  await openFromSidebar(other, LISTING_WORDS.title);
  await switchTo(other, teamName);
  const row = tokenRow(other, ci);
  await expect(row).toContainText(owner.email);
  await expect(row.getByRole("button", { name: ROW_WORDS.viewLabel(ci) })).toBeVisible();
  await expect(row.getByRole("button", { name: ROW_WORDS.deleteLabel(ci) })).toHaveCount(0);

  // Under the team's default rule a member is offered Read-Only, not Write.
  await other.getByRole("button", { name: CREATE_WORDS.open }).first().click();
  await expect(scopeChoice(other, "Write")).toBeDisabled();
  await expect(createDrawer(other).getByText(CREATE_WORDS.teamReadOnly(teamName))).toBeVisible();
  await expectAccessible(other, "member's create drawer in a team");
  await other.keyboard.press("Escape");
  const readOnly = tokenName("member-reader");
  await createToken(other, readOnly, "Read-Only");
  await expect(tokenRow(other, readOnly)).toContainText(member.name);

  // The team's Write token, through the API, lists the team's two tokens and says it is the team's.
  const listed = await other.request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } });
  expect(listed.status()).toBe(200);
  const names = ((await listed.json()) as { api: Array<{ name: string }> }).api.map((key) => key.name).sort();
  expect(names).toEqual([ci, readOnly].sort());
  const info = await other.request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } });
  expect(await info.json()).toMatchObject({ team: { name: teamName }, user: { type: "team" } });

  // Someone outside the team gets the page's 404 for the team's address.
  const stranger = await freshBrowser(browser, uniqueUser("stranger"));
  expect((await stranger.goto(teamUrl))?.status()).toBe(404);
});
