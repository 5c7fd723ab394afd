import { expect } from "@playwright/test";
import {
  closeReveal,
  confirmRowConfirmation,
  createDrawer,
  createToken,
  editToken,
  fillCreateDrawer,
  openFromSidebar,
  openRowConfirmation,
  openTokenDetails,
  rollToken,
  secretField,
  signUp,
  submitCreateDrawer,
  tokenRow,
} from "../../support/console";
import { callApi, reportLeak, step, type Story } from "../story";

// A member's first API token, from sign-up to revocation, in the guide's words.
export const member: Story = {
  name: "member",
  title: "A member creates, uses and revokes an API token",
  steps: [
    step("Sign up: a name, an email and a password, and you are in", async ({ driver, person }) => {
      await signUp(driver, person("Ada Lovelace"));
    }),
    step("API Token in the sidebar lists your tokens: none yet", async ({ driver, page }) => {
      await openFromSidebar(driver, "API Token");
      await expect(page.getByText("No API tokens yet")).toBeVisible();
    }),
    step(
      "Create API Key: name it, choose Read-Only, and when it expires",
      async ({ driver, page }) => {
        await fillCreateDrawer(driver, "ci-deploy", "Read-Only");
        await expect(createDrawer(page).getByLabel("API Name")).toHaveValue("ci-deploy");
        await createDrawer(page).getByLabel("Expiration").selectOption({ label: "30 days" });
        await expect(createDrawer(page).getByText(/^Works until /)).toBeVisible();
      },
      { gif: true },
    ),
    step(
      "Add New API: the token is shown once, here and never again",
      async ({ driver, page, state }) => {
        state.readOnly = await submitCreateDrawer(driver);
        await expect(createDrawer(page).getByText("It will not be shown again")).toBeVisible();
      },
      { gif: true },
    ),
    step(
      "Copy puts it on the clipboard",
      async ({ driver, page, state }) => {
        await driver.click(createDrawer(page).getByRole("button", { name: "Copy", exact: true }));
        await expect(createDrawer(page).getByRole("button", { name: "Copied" })).toBeVisible();
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(state.readOnly);
      },
      { gif: true },
    ),
    step(
      "Done: the drawer forgets the secret; the listing shows the new token",
      async ({ driver, page }) => {
        await closeReveal(driver, { copied: true });
        await expect(secretField(page)).toHaveCount(0);
        await expect(tokenRow(page, "ci-deploy").getByRole("cell").nth(1)).toHaveText("Read-Only");
      },
      { gif: true },
    ),
    step(
      "A script calls the platform API with it: 200, the account's tokens",
      async (context) => {
        const answer = await callApi(context, context.state.readOnly!, "/v2/api");
        expect(answer.status).toBe(200);
        expect(answer.body.api.map((key: { name: string }) => key.name)).toEqual(["ci-deploy"]);
      },
      { gif: true },
    ),
    step(
      "Its name opens its details: when, from where and by which client it was last used",
      async (context) => {
        await context.closeTerminal();
        const { page } = context;
        // The use is written within a second, off the request's path.
        await expect(async () => {
          await page.reload();
          await expect(tokenRow(page, "ci-deploy").getByText("just now")).toBeVisible({ timeout: 1_000 });
        }).toPass({ timeout: 15_000 });
        const panel = await openTokenDetails(context.driver, "ci-deploy");
        await expect(panel.getByRole("table", { name: "The last addresses this token was used from" }).getByRole("row")).toHaveCount(2);
      },
      { gif: true },
    ),
    step(
      "Edit: say what it is for, and pin it to the CI network; from anywhere else it is refused",
      async (context) => {
        const panel = await editToken(
          context.driver,
          "ci-deploy",
          { description: "Deploys main from CI", allowedIps: ["203.0.113.0/24"] },
          { fromPanel: true },
        );
        await expect(panel.getByRole("list", { name: "Allowed IPs" })).toHaveText("203.0.113.0/24");
        const answer = await callApi(context, context.state.readOnly!, "/v2/api");
        expect(answer.status).toBe(403);
        expect(answer.body.errors[0].code).toBe("forbidden_address");
      },
      { gif: true },
    ),
    step("A Write token, for a script that changes things", async (context) => {
      await context.closeTerminal();
      await context.page.keyboard.press("Escape");
      context.state.write = await createToken(context.driver, "terraform", "Write");
      await expect(tokenRow(context.page, "terraform").getByRole("cell").nth(1)).toHaveText("Write");
    }),
    step("Roll gives “terraform” a new secret; the old one keeps working for an hour", async ({ driver, page }) => {
      await rollToken(driver, "terraform", "In 1 hour");
      await expect(tokenRow(page, "terraform").getByText("Previous secret valid until")).toBeVisible();
    }),
    step("Delete asks first, naming the token", async ({ driver }) => {
      await openRowConfirmation(driver, "ci-deploy", "Delete", "Delete “ci-deploy”?");
    }),
    step("Delete token: revoked at once, and gone from the listing", async ({ driver, page }) => {
      await confirmRowConfirmation(
        driver,
        page.getByRole("alertdialog", { name: "Delete “ci-deploy”?" }),
        "Delete token",
        "Token “ci-deploy” was deleted",
      );
      await expect(tokenRow(page, "ci-deploy")).toHaveCount(0);
    }),
    step("The same call with the deleted token: 401, refused", async (context) => {
      const answer = await callApi(context, context.state.readOnly!, "/v2/api");
      expect(answer.status).toBe(401);
    }),
    step(
      "“terraform” is pasted in public; whoever finds it reports it, and it is revoked at once",
      async (context) => {
        const answer = await reportLeak(context, context.state.write!);
        expect(answer.status).toBe(202);
        expect((await callApi(context, context.state.write!, "/v2/account/info")).status).toBe(401);
      },
      { gif: true },
    ),
    step(
      "Its owner sees why it is gone, until they dismiss the notice",
      async ({ page, closeTerminal }) => {
        await closeTerminal();
        await page.reload();
        await expect(tokenRow(page, "terraform")).toHaveCount(0);
        await expect(page.getByRole("region", { name: "Leaked tokens" })).toContainText("“terraform”");
        await expect(page.getByRole("region", { name: "Leaked tokens" })).toContainText("because it was found in public");
      },
      { gif: true },
    ),
  ],
};
