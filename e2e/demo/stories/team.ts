import { expect } from "@playwright/test";
import {
  createToken,
  LISTING_WORDS,
  logIn,
  OFFBOARDING_WORDS,
  openFromSidebar,
  signUp,
  switchContext,
  TEAMS_WORDS,
  tokenRow,
  USERS_WORDS,
  type Driver,
} from "../../support/console";
import { callApi, step, type Story } from "../story";

/** Jonas's browser, from the step he signs up in on: each otherDriver() is a new browser, signed out. */
let jonas: Driver | undefined;
const jonasDriver = () => {
  if (!jonas) throw new Error("Jonas has not signed up yet");
  return jonas;
};

// A team owns the CI token, so that it outlives the person who made it: Jonas makes a team and a
// CI token in it, leaves, is offboarded; his own token is refused at once, CI keeps working.
export const team: Story = {
  name: "team",
  title: "Tokens that outlive the people who made them",
  points: [
    "A team owns its CI token, not the person who made it",
    "Offboard someone: their sessions end, their own tokens stop, 401",
    "The team's CI token keeps working",
    "The admin sees what they created, to hand over or revoke",
  ],
  steps: [
    step("Maya sets up the console: its first account is its admin", async ({ driver, page, admin: existing, person }) => {
      if (existing) await logIn(driver, existing);
      else await signUp(driver, person("Maya Chen"));
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: USERS_WORDS.title })).toBeVisible();
    }),
    step("Jonas signs up and creates the Platform team", async ({ otherDriver, state, person, admin }) => {
      jonas = await otherDriver("Jonas’s screen");
      const user = person("Jonas Weber");
      state.jonas = user.email;
      // On a server already in use the team's name must be new: team names are unique.
      state.team = admin ? `Platform ${Date.now().toString(36).slice(-4)}` : "Platform";
      await signUp(jonas, user);
      await openFromSidebar(jonas, TEAMS_WORDS.title);
      await jonas.type(jonas.page.getByLabel(TEAMS_WORDS.teamName), state.team);
      await jonas.click(jonas.page.getByRole("button", { name: TEAMS_WORDS.createTeam }));
      await expect(jonas.page.getByRole("heading", { name: state.team, level: 1 })).toBeVisible();
      return jonas.page;
    }),
    step("His own token on his page; then, in the team's context, a token for CI that the team owns", async ({ state }) => {
      const his = jonasDriver();
      // His own token first: the one offboarding will revoke.
      await openFromSidebar(his, LISTING_WORDS.title);
      state.personal = await createToken(his, "jonas-laptop", "Read-Only", { copy: true });
      await switchContext(his, state.team!);
      await expect(his.page.getByText(LISTING_WORDS.teamDescription(state.team!))).toBeVisible();
      state.ci = await createToken(his, "ci-deploy", "Write", { copy: true });
      await expect(tokenRow(his.page, "ci-deploy")).toContainText(LISTING_WORDS.createdBy);
      return his.page;
    }),
    step("CI calls the platform API with the team's token", async (context) => {
      expect((await callApi(context, context.state.ci!, "/v2/account/info", { mark: /"team"|"type"/ })).status).toBe(200);
    }),
    step("Jonas leaves: Maya disables his account on Users", async ({ driver, page, state, closeTerminal }) => {
      await closeTerminal();
      await openFromSidebar(driver, USERS_WORDS.title);
      await driver.type(page.getByLabel(USERS_WORDS.filterEmail), state.jonas!);
      await driver.click(page.getByRole("button", { name: USERS_WORDS.apply }));
      const row = page.getByRole("row").filter({ hasText: state.jonas! });
      await driver.click(row.getByRole("button", { name: `${USERS_WORDS.disable} ${state.jonas}` }));
      const dialog = page.getByRole("alertdialog", { name: USERS_WORDS.disableTitle(state.jonas!) });
      await expect(dialog).toContainText(USERS_WORDS.disableDescription(1));
      await driver.click(dialog.getByRole("button", { name: USERS_WORDS.disableConfirm }));
      await expect(page.getByRole("status").filter({ hasText: USERS_WORDS.disabledNotice(state.jonas!, 1) })).toBeVisible();
    }),
    step("His own token is refused at once: 401", async (context) => {
      expect((await callApi(context, context.state.personal!, "/v2/account/info", { mark: /^ {2}"message"/ })).status).toBe(401);
    }),
    step("The team's CI token still works", async (context) => {
      expect((await callApi(context, context.state.ci!, "/v2/api", { mark: /"ci-deploy"/ })).status).toBe(200);
    }),
    step("Maya sees the team token Jonas created, to hand over or revoke", async ({ driver, page, state, closeTerminal }) => {
      await closeTerminal();
      const row = page.getByRole("row").filter({ hasText: state.jonas! });
      await driver.click(row.getByRole("link", { name: USERS_WORDS.teamTokens(1) }));
      const tokens = page.getByRole("list", { name: OFFBOARDING_WORDS.tokensLabel });
      await expect(tokens).toContainText("ci-deploy");
      await expect(tokens).toContainText(state.team!);
    }),
  ],
  end: {
    heading: "People leave; CI keeps running",
    points: [
      "Team tokens belong to the team",
      "Offboarding revokes a person's own tokens at once",
      "What they created is listed, to hand over or revoke",
    ],
  },
};
