import fs from "node:fs";
import { expect } from "@playwright/test";
import { confirmRowConfirmation, createToken, logIn, openFromSidebar, openRowConfirmation, signUp, tokenRow } from "../../support/console";
import { callApi, step, type Story } from "../story";

// An admin audits every token, revokes one, and finds it all in the log.
export const admin: Story = {
  name: "admin",
  title: "An admin audits every token, revokes one, and reads the log",
  steps: [
    step("The first account of an installation is its admin", async ({ driver, page, admin: existing, person }) => {
      if (existing) await logIn(driver, existing);
      else await signUp(driver, person("Maya Chen"));
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "All Tokens" })).toBeVisible();
    }),
    step("Meanwhile Jonas, a teammate, signs up and makes two tokens", async ({ otherDriver, state, person }) => {
      const jonas = await otherDriver();
      const user = person("Jonas Weber");
      state.jonas = user.email;
      await signUp(jonas, user);
      state.jonasKey = await createToken(jonas, "backup-nightly", "Write");
      await createToken(jonas, "grafana-readonly", "Read-Only");
      return jonas.page;
    }),
    step("All Tokens: every token of every user, with its owner", async ({ driver, page }) => {
      await openFromSidebar(driver, "All Tokens");
      await expect(tokenRow(page, "backup-nightly")).toBeVisible();
    }),
    step("Filter by owner", async ({ driver, page, state }) => {
      await driver.type(page.getByRole("searchbox", { name: "Filter by owner" }), state.jonas!);
      await expect(page).toHaveURL(/owner=/);
      await expect(page.getByRole("region", { name: "All tokens" }).getByText("2 tokens match")).toBeVisible();
    }),
    step("Revoke asks first, naming the token and its owner", async ({ driver, state }) => {
      await openRowConfirmation(driver, "backup-nightly", "Revoke", `Revoke “backup-nightly” of ${state.jonas}?`);
    }),
    step("Revoke token: it stops at once; Jonas's script now gets 401", async (context) => {
      const dialog = context.page.getByRole("alertdialog", { name: `Revoke “backup-nightly” of ${context.state.jonas}?` });
      await confirmRowConfirmation(context.driver, dialog, "Revoke token", `Token “backup-nightly” of ${context.state.jonas} was revoked.`);
      expect((await callApi(context, context.state.jonasKey!, "/v2/api")).status).toBe(401);
    }),
    step("Audit Log: who did what to which token, newest first", async ({ driver, page, closeTerminal }) => {
      await closeTerminal();
      await openFromSidebar(driver, "Audit Log");
      await expect(page.getByRole("region", { name: "Audit events" }).getByText("Token revoked by admin").first()).toBeVisible();
    }),
    step("Filter the log by user and action", async ({ driver, page, state }) => {
      await driver.type(page.getByLabel("User"), state.jonas!);
      await page.getByLabel("Action").selectOption({ label: "Token revoked by admin" });
      await driver.click(page.getByRole("button", { name: "Apply filters" }));
      await expect(page).toHaveURL(/action=token.revoked_by_admin/);
      await expect(page.getByRole("region", { name: "Audit events" }).getByRole("row")).toHaveCount(2);
    }),
    step("Export CSV: the filtered events, for a spreadsheet", async (context) => {
      const download = context.page.waitForEvent("download");
      await context.driver.click(context.page.getByRole("link", { name: "Export CSV" }));
      const file = await (await download).path();
      const lines = fs.readFileSync(file, "utf8").trim().split("\r\n");
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain("token.revoked_by_admin");
      await context.terminal(
        `${(await download).suggestedFilename()} · ${lines.length - 1} event`,
        lines.map((text, i) => ({ text, tone: i === 0 ? "cmd" : undefined })),
      );
    }),
  ],
};
