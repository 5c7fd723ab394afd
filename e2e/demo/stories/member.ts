import { expect, type Page } from "@playwright/test";
import {
  closeReveal,
  confirmRowConfirmation,
  createDrawer,
  createToken,
  DETAILS_WORDS,
  editToken,
  FIELD_WORDS,
  fillCreateDrawer,
  LISTING_WORDS,
  openFromSidebar,
  openRowConfirmation,
  openTokenDetails,
  REVEAL_WORDS,
  rollToken,
  SCOPE_LABELS,
  secretField,
  sidebarLink,
  signUp,
  submitCreateDrawer,
  tokenRow,
  DELETE_WORDS,
  NARROW_WORDS,
  ROW_WORDS,
  ADDRESS_NOTICE_WORDS,
  CREATE_WORDS,
  type Driver,
  logIn,
} from "../../support/console";
import { addPasskeyDevice } from "../../support/sudo";
import { TWO_FACTOR_WORDS } from "../../../app/(dashboard)/account/two-factor/words";
import { SUDO_WORDS } from "../../../components/sudo/words";
import { templateLink } from "../../../lib/token-template";
import { OUTCOME_LABELS } from "../../../lib/activity";
import { ACTIVITY_WORDS } from "../../../components/activity/words";
import { callApi, masked, reportLeak, step, type Story } from "../story";

/** A member, not the installation's admin: no admin pages, no Admin pill. */
export async function expectMember(page: Page) {
  await expect(sidebarLink(page, "API Token")).toBeVisible();
  await expect(sidebarLink(page, "All Tokens")).toHaveCount(0);
  await expect(page.getByText("Admin", { exact: true })).toHaveCount(0);
}

/** Ada's laptop (its browser holds her passkey), from the step that adds it to the next, per run. */
const laptops = new WeakMap<object, Driver>();

// A member's first API token, from sign-up to revocation, in the guide's words. The
// installation already has its admin (Maya), so Ada is a member, as most people are.
export const member: Story = {
  name: "member",
  title: "Your first API token: create it, use it, revoke it",
  points: [
    "Sign up, and an API token in three clicks",
    "Its secret shown once: copy it and call the API, 200",
    "See where it is used, and pin it to your CI network",
    "What a token did, in a chart and a log, and a warning when it is used from somewhere new",
    "A token with exactly the permissions a job needs, from a link, narrowed to what it used",
    "Roll and delete it, and what happens when a token leaks",
    "A passkey on her laptop, asked for before a sensitive change",
  ],
  async setup({ driver, person }) {
    await signUp(driver, person("Maya Chen"));
  },
  steps: [
    step("Ada signs up with her name, her email and a password", async ({ driver, page, person, state }) => {
      const ada = person("Ada Lovelace");
      state.email = ada.email;
      state.password = ada.password;
      await signUp(driver, ada);
      await expectMember(page);
    }),
    step("API Token, in the sidebar, lists her tokens: none yet", async ({ driver, page }) => {
      await openFromSidebar(driver, "API Token");
      await expect(page.getByText(LISTING_WORDS.emptyTitle)).toBeVisible();
    }),
    step(
      "Create API Key: a name, Read-Only, and when it expires",
      async ({ driver, page }) => {
        await fillCreateDrawer(driver, "ci-deploy", "Read-Only");
        await expect(createDrawer(page).getByLabel(FIELD_WORDS.name)).toHaveValue("ci-deploy");
        await createDrawer(page).getByLabel(FIELD_WORDS.expiration).selectOption({ label: "30 days" });
        await expect(createDrawer(page).getByText(/^Works until /)).toBeVisible();
      },
      { gif: true },
    ),
    step(
      "Add New API: the token, shown once and never again",
      async ({ driver, page, state }) => {
        state.readOnly = await submitCreateDrawer(driver);
        await expect(createDrawer(page).getByText(REVEAL_WORDS.warning)).toBeVisible();
      },
      { gif: true },
    ),
    step(
      "Copy: the token is on the clipboard",
      async ({ driver, page, state }) => {
        await driver.click(createDrawer(page).getByRole("button", { name: REVEAL_WORDS.copy, exact: true }));
        await expect(createDrawer(page).getByRole("button", { name: REVEAL_WORDS.copied })).toBeVisible();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(state.readOnly);
      },
      { gif: true },
    ),
    step(
      "Try it: the ready command calls the API with it: 200",
      async (context) => {
        const { driver, page, state } = context;
        await driver.click(createDrawer(page).getByRole("button", { name: "Copy command" }));
        await expect(createDrawer(page).getByText("Command copied, with the whole token.")).toBeVisible();
        const command = await page.evaluate(() => navigator.clipboard.readText());
        const [, secret, url] = command.match(/^curl -H "Authorization: Bearer (\S+)" (\S+)$/) ?? [];
        expect(secret).toBe(state.readOnly);
        const answer = await callApi(context, secret!, url!, { mark: /"email"/ });
        expect(answer.status).toBe(200);
        expect(answer.body.user.email).toBe(state.email);
      },
      { gif: true },
    ),
    step("Done: the secret is forgotten, and the new token is in the listing", async ({ driver, page, closeTerminal }) => {
      await closeTerminal();
      await expect(createDrawer(page).getByRole("link", { name: "API Docs" })).toBeVisible();
      await closeReveal(driver, { copied: true });
      await expect(secretField(page)).toHaveCount(0);
      await expect(tokenRow(page, "ci-deploy").getByRole("cell").nth(1)).toHaveText(SCOPE_LABELS.READ_ONLY);
    }),
    step("Its name opens its details: used just now, from this address, by curl", async ({ driver, page, offCamera }) => {
      // The use is written within a second, off the request's path: watched for in a page off
      // screen (the same session), so that the video shows one reload, not a flicker of them.
      const probe = await page.context().newPage();
      await expect(async () => {
        await probe.goto("/api-tokens");
        await expect(tokenRow(probe, "ci-deploy").getByText("just now")).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await probe.close();
      await offCamera(async () => {
        await page.reload();
        await expect(tokenRow(page, "ci-deploy").getByText("just now")).toBeVisible();
      });
      const panel = await openTokenDetails(driver, "ci-deploy");
      await expect(panel.getByRole("table", { name: DETAILS_WORDS.recentCaption }).getByRole("row")).toHaveCount(2);
    }),
    step("Edit: pin it to the CI network; a call from anywhere else is refused, 403", async (context) => {
      const panel = await editToken(
        context.driver,
        "ci-deploy",
        { description: "Deploys main from CI", allowedIps: ["203.0.113.0/24"] },
        { fromPanel: true },
      );
      await expect(panel.getByRole("list", { name: DETAILS_WORDS.allowedIps })).toHaveText("203.0.113.0/24");
      const answer = await callApi(context, context.state.readOnly!, "/v2/api", { mark: /^ {2}"message"/ });
      expect(answer.status).toBe(403);
      expect(answer.body.errors[0].code).toBe("forbidden_address");
    }),
    step("Its Activity: its requests by outcome, and the refused one on top of its log", async ({ driver, page, offCamera }) => {
      // The counts are written within a flush, off the request's path: watched for off screen.
      const probe = await page.context().newPage();
      await expect(async () => {
        await probe.goto("/api-tokens");
        const panel = await openTokenDetails(probe, "ci-deploy");
        await expect(
          panel
            .getByRole("figure")
            .getByText(/[1-9]\d* refused$/)
            .first(),
        ).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 20_000 });
      await probe.close();
      await offCamera(() => page.reload());
      const panel = await openTokenDetails(driver, "ci-deploy");
      await panel.getByRole("heading", { name: DETAILS_WORDS.activity, exact: true }).scrollIntoViewIfNeeded();
      await expect(panel.getByTestId("usage-chart")).toBeVisible();
      const log = panel.getByRole("list", { name: ACTIVITY_WORDS.logCaption });
      await expect(log.getByRole("listitem").first()).toContainText(OUTCOME_LABELS.denied_address);
      await log.scrollIntoViewIfNeeded();
    }),
    step("A Write token, “terraform”, for a script that changes things", async (context) => {
      await context.closeTerminal();
      await context.page.keyboard.press("Escape");
      await expect(context.page.getByRole("dialog")).toHaveCount(0);
      context.state.write = await createToken(context.driver, "terraform", "Write", { copy: true });
      await expect(tokenRow(context.page, "terraform").getByRole("cell").nth(1)).toHaveText(SCOPE_LABELS.WRITE);
    }),
    step("Roll gives it a new secret; the old one keeps working for an hour", async ({ driver, page, state }) => {
      state.write = await rollToken(driver, "terraform", "In 1 hour", { copy: true });
      await expect(tokenRow(page, "terraform").getByText("Previous secret valid until")).toBeVisible();
    }),
    step("The DNS team's docs link to the token their sync job needs: the drawer opens filled in", async ({ driver, page }) => {
      await driver.page.goto(
        templateLink({
          name: "dns-sync",
          description: "Syncs the zone from the DNS repository",
          permissions: ["dns:write", "account:read", "api_keys:read"],
          expiresInDays: 30,
        }),
      );
      await expect(createDrawer(page)).toBeVisible();
      await expect(createDrawer(page).getByLabel(FIELD_WORDS.name)).toHaveValue("dns-sync");
      await expect(createDrawer(page).getByText("4 permissions: Account read, API keys read, DNS read and write")).toBeVisible();
    }),
    step("Add New API: a Custom token holding exactly that, and nothing else", async (context) => {
      const { driver, page, state } = context;
      state.custom = await submitCreateDrawer(driver);
      await closeReveal(driver);
      await expect(tokenRow(page, "dns-sync").getByRole("cell").nth(1)).toHaveText(`${SCOPE_LABELS.CUSTOM} · 4`);
      const answer = await callApi(context, state.custom, "/v2/account/info", { mark: /"email"/ });
      expect(answer.status).toBe(200);
    }),
    step("Outside its permissions it is refused, 403, naming what it lacks", async (context) => {
      const answer = await callApi(context, context.state.custom!, "/v2/api/generate", {
        body: { name: "more-keys" },
        mark: /"missing_permissions"/,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.missing_permissions).toEqual(["api_keys:write"]);
    }),
    step("The sync job moves to a new runner: its first call from there, and Ada is told at once", async (context) => {
      const { page, state } = context;
      // Its first use, from this machine, is written within a second, off the request's path:
      // only after that is another address news (never for a token's first use ever).
      await expect
        .poll(async () => {
          const listed = await fetch(new URL("/v2/api", context.baseURL), { headers: { Authorization: `Bearer ${state.write}` } });
          const keys = ((await listed.json()) as { api: Array<{ name: string; last_used_at: string | null }> }).api;
          return keys.find((key) => key.name === "dns-sync")?.last_used_at ?? null;
        })
        .not.toBeNull();
      const answer = await callApi(context, state.custom!, "/v2/account/info", { mark: /"email"/, from: "127.0.0.2" });
      expect(answer.status).toBe(200);
      await context.closeTerminal();
      const notices = page.getByRole("region", { name: ADDRESS_NOTICE_WORDS.label });
      await expect(async () => {
        await page.reload();
        await expect(notices.getByRole("status").filter({ hasText: "dns-sync" })).toContainText("127.0.0.2", { timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await expect(notices.getByRole("link", { name: ADDRESS_NOTICE_WORDS.editLabel("dns-sync") })).toBeVisible();
    }),
    step("Remove unused permissions: API keys read goes, unused; DNS, used on the platform, stays", async (context) => {
      const { driver, page, closeTerminal } = context;
      await closeTerminal();
      // Uses are written within a second, off the request's path.
      let panel = await openTokenDetails(driver, "dns-sync");
      for (let attempt = 0; attempt < 10 && (await panel.getByText(/^Used /).count()) === 0; attempt++) {
        await page.keyboard.press("Escape");
        await page.waitForTimeout(500);
        panel = await openTokenDetails(driver, "dns-sync");
      }
      await driver.click(panel.getByRole("button", { name: NARROW_WORDS.open }));
      const dialog = page.getByRole("alertdialog", { name: NARROW_WORDS.title("dns-sync") });
      await expect(dialog.getByRole("list", { name: NARROW_WORDS.removing }).getByRole("listitem")).toHaveText(["API keys: read"]);
      await driver.click(dialog.getByRole("button", { name: NARROW_WORDS.confirm }));
      await expect(dialog).toBeHidden();
      await expect(panel.getByRole("status").filter({ hasText: "“dns-sync” no longer holds 1 permission: API keys read." })).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(tokenRow(page, "dns-sync").getByRole("cell").nth(1)).toHaveText(`${SCOPE_LABELS.CUSTOM} · 3`);
    }),
    step("Delete asks first, naming the token", async ({ driver }) => {
      await openRowConfirmation(driver, "ci-deploy", ROW_WORDS.delete, DELETE_WORDS.title("ci-deploy"));
    }),
    step("Delete token: revoked at once; the same call now gets 401", async (context) => {
      await confirmRowConfirmation(
        context.driver,
        context.page.getByRole("alertdialog", { name: DELETE_WORDS.title("ci-deploy") }),
        DELETE_WORDS.confirm,
        DELETE_WORDS.deleted("ci-deploy"),
      );
      await expect(tokenRow(context.page, "ci-deploy")).toHaveCount(0);
      const answer = await callApi(context, context.state.readOnly!, "/v2/api", { mark: /^ {2}"message"/ });
      expect(answer.status).toBe(401);
    }),
    step("By mistake, “terraform” is pasted into a public gist", async (context) => {
      await context.closeTerminal();
      await context.panel("gist.github.com / ada-lovelace / deploy-notes.sh", "Public", {
        kind: "page",
        lines: [
          { text: "# deploy: run from the repo root" },
          { text: "cd infra" },
          { text: `export TF_TOKEN_console="${masked(context.state.write!)}"`, mark: true },
          { text: "terraform apply -auto-approve" },
        ],
        note: "Anyone can read this page, and so can secret scanners.",
      });
    }),
    step("Whoever finds it reports it: the token is revoked at once", async (context) => {
      const report = await reportLeak(context, context.state.write!, { mark: /"message"/ });
      expect(report.status).toBe(202);
      const after = await callApi(context, context.state.write!, "/v2/account/info", { mark: /^ {2}"message"/ });
      expect(after.status).toBe(401);
    }),
    step("Ada's listing says what happened to “terraform”, and what to do next", async ({ page, closeTerminal, offCamera, hold }) => {
      await closeTerminal();
      await offCamera(async () => {
        await page.reload();
        await expect(tokenRow(page, "terraform")).toHaveCount(0);
      });
      const notices = page.getByRole("region", { name: "Leaked tokens" });
      await expect(notices).toContainText("“terraform”");
      await expect(notices).toContainText("because it was found in public");
      await hold();
    }),
    step("She makes its replacement and dismisses the notice", async ({ driver, page, state }) => {
      state.write = await createToken(driver, "terraform", "Write", { copy: true });
      await driver.click(page.getByRole("button", { name: "Dismiss the notice about “terraform”" }));
      await expect(page.getByRole("region", { name: "Leaked tokens" })).toHaveCount(0);
      await expect(tokenRow(page, "terraform").getByRole("cell").nth(1)).toHaveText(SCOPE_LABELS.WRITE);
    }),
    step("On her laptop, Ada adds a passkey: her fingerprint, as a second step or instead of her password", async (context) => {
      const laptop = await context.otherDriver("Ada’s laptop", { host: "localhost" });
      laptops.set(context.state, laptop);
      await addPasskeyDevice(laptop.page);
      await logIn(laptop, { name: "Ada Lovelace", email: context.state.email!, password: context.state.password! });
      await laptop.page.goto("/account/two-factor");
      await laptop.type(laptop.page.getByLabel(TWO_FACTOR_WORDS.passkeyName), "Ada’s laptop");
      await laptop.click(laptop.page.getByRole("button", { name: TWO_FACTOR_WORDS.addPasskey }));
      await expect(laptop.page.getByRole("list", { name: TWO_FACTOR_WORDS.passkeysTitle }).getByText("Ada’s laptop")).toBeVisible();
      return laptop.page;
    }),
    step(
      "Hours later, a new Write token asks first: “Confirm it is you”, and a touch of the passkey makes it",
      async (context) => {
        const laptop = laptops.get(context.state)!;
        await context.focusOn(laptop, "Ada’s laptop");
        context.signedInLongAgo(context.state.email!);
        await laptop.page.goto("/api-tokens");
        await fillCreateDrawer(laptop, "release-bot", "Write");
        await laptop.click(createDrawer(laptop.page).getByRole("button", { name: CREATE_WORDS.submit }));
        const dialog = laptop.page.getByRole("dialog", { name: SUDO_WORDS.title });
        await expect(dialog).toBeVisible();
        await context.hold();
        await laptop.click(dialog.getByRole("button", { name: SUDO_WORDS.passkey }));
        await expect(dialog).toHaveCount(0);
        // What she had typed went on: the token is made, its secret shown once.
        await expect(secretField(laptop.page)).toBeVisible();
        await closeReveal(laptop, { copied: false });
        await expect(tokenRow(laptop.page, "release-bot")).toBeVisible();
        return laptop.page;
      },
      { ownServer: true },
    ),
  ],
  // The loop happens at the right (the button, the drawer, the terminal panel): the GIF keeps
  // that part at a scale its text can be read at.
  gif: { crop: { x: 400, y: 0, width: 880, height: 800 }, captionX: 840 },
  end: {
    heading: "Ada's tokens, in her hands",
    points: [
      "Made in three clicks, shown once, copied, working",
      "Every use recorded: when, from where, by which client",
      "Exactly the permissions it needs, narrowed to what it used",
      "Pinned to a network, rolled with no downtime, deleted at once",
      "Found in public: revoked automatically, and its owner told",
      "A passkey, and a fresh confirmation before anything sensitive",
    ],
  },
};
