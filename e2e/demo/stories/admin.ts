import fs from "node:fs";
import { expect } from "@playwright/test";
import {
  ALL_TOKENS_WORDS,
  AUDIT_WORDS,
  confirmRowConfirmation,
  createToken,
  logIn,
  openFromSidebar,
  openRowConfirmation,
  signUp,
  tokenRow,
} from "../../support/console";
import { callApi, step, type Story } from "../story";

/** CSV as the export writes it (RFC 4180: quoted fields, doubled quotes, CRLF between rows). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let field = "";
  let quoted = false;
  const endField = () => {
    rows.at(-1)!.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== "," && c !== "\r" && c !== "\n")) {
      field += c;
    } else if (c === ",") {
      endField();
    } else if (c === "\n") {
      endField();
      rows.push([]);
    }
  }
  endField();
  return rows;
}

/** The columns of the export a person reads first, in the preview. */
const PREVIEW_COLUMNS = ["time_utc", "action", "actor_email", "token_name", "token_owner_email"] as const;

// An admin audits every token, revokes one, and finds it all in the log.
export const admin: Story = {
  name: "admin",
  title: "Every token in your organisation, under control",
  points: [
    "Every token of every teammate, with its owner",
    "Revoke one, and the script using it stops at once, 401",
    "The audit log: who did what to which token",
    "Export it as CSV for your auditors",
  ],
  steps: [
    step("Maya sets up the console: its first account is its admin", async ({ driver, page, admin: existing, person }) => {
      if (existing) await logIn(driver, existing);
      else await signUp(driver, person("Maya Chen"));
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "All Tokens" })).toBeVisible();
    }),
    step("Meanwhile Jonas, a teammate, signs up and makes two tokens", async ({ otherDriver, state, person }) => {
      const jonas = await otherDriver("Jonas’s screen");
      const user = person("Jonas Weber");
      state.jonas = user.email;
      await signUp(jonas, user);
      for (const [name, scope] of [
        ["backup-nightly", "Write"],
        ["grafana-readonly", "Read-Only"],
      ] as const) {
        const secret = await createToken(jonas, name, scope, { copy: true });
        if (name === "backup-nightly") state.jonasKey = secret;
      }
      return jonas.page;
    }),
    step("All Tokens: every token of every user, with its owner", async ({ driver, page }) => {
      await openFromSidebar(driver, ALL_TOKENS_WORDS.title);
      await expect(tokenRow(page, "backup-nightly")).toBeVisible();
    }),
    step("Filter by owner: Jonas's tokens", async ({ driver, page, state }) => {
      await driver.type(page.getByRole("searchbox", { name: ALL_TOKENS_WORDS.filterOwner }), state.jonas!);
      await expect(page).toHaveURL(/owner=/);
      await expect(page.getByRole("region", { name: "All tokens" }).getByText("2 tokens match")).toBeVisible();
    }),
    step("Revoke asks first, naming the token and its owner", async ({ driver, state }) => {
      await openRowConfirmation(
        driver,
        "backup-nightly",
        ALL_TOKENS_WORDS.revoke,
        ALL_TOKENS_WORDS.revokeTitle("backup-nightly", state.jonas!),
      );
    }),
    step("Revoke token: it stops at once; Jonas's script now gets 401", async (context) => {
      const dialog = context.page.getByRole("alertdialog", { name: ALL_TOKENS_WORDS.revokeTitle("backup-nightly", context.state.jonas!) });
      await confirmRowConfirmation(
        context.driver,
        dialog,
        ALL_TOKENS_WORDS.revokeConfirm,
        ALL_TOKENS_WORDS.revoked("backup-nightly", context.state.jonas!),
      );
      expect((await callApi(context, context.state.jonasKey!, "/v2/api", { mark: /^ {2}"message"/ })).status).toBe(401);
    }),
    step("Audit Log: who did what to which token, newest first", async ({ driver, page, closeTerminal }) => {
      await closeTerminal();
      await openFromSidebar(driver, AUDIT_WORDS.title);
      await expect(page.getByRole("region", { name: "Audit events" }).getByText("Token revoked by admin").first()).toBeVisible();
    }),
    step("Filter the log by user and action", async ({ driver, page, state }) => {
      await driver.type(page.getByLabel(AUDIT_WORDS.user), state.jonas!);
      await page.getByLabel(AUDIT_WORDS.action).selectOption({ label: "Token revoked by admin" });
      await driver.click(page.getByRole("button", { name: AUDIT_WORDS.apply }));
      await expect(page).toHaveURL(/action=token.revoked_by_admin/);
      await expect(page.getByRole("region", { name: "Audit events" }).getByRole("row")).toHaveCount(2);
    }),
    step("Export CSV: the filtered events, as a file for a spreadsheet", async (context) => {
      const download = context.page.waitForEvent("download");
      await context.driver.click(context.page.getByRole("link", { name: AUDIT_WORDS.exportCsv }));
      const file = await (await download).path();
      const text = fs.readFileSync(file, "utf8");
      const [header, ...events] = parseCsv(text.trim());
      expect(events).toHaveLength(1);
      expect(events[0]).toContain("token.revoked_by_admin");
      const columns = PREVIEW_COLUMNS.map((name) => header!.indexOf(name));
      expect(columns).not.toContain(-1);
      await context.panel(
        (await download).suggestedFilename(),
        `CSV · ${events.length} event · ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`,
        {
          kind: "table",
          head: [...PREVIEW_COLUMNS],
          rows: events.map((event) => columns.map((column) => event[column]!)),
          note: `${header!.length} columns in all: also the token's id, scope and prefix, the actor's ids, the IP address and the client.`,
        },
      );
    }),
  ],
  end: {
    heading: "Every token accounted for",
    points: [
      "One list of every token, whoever made it",
      "Revoked in one click, refused at the next call",
      "Every action in the audit log, exportable",
    ],
  },
};
