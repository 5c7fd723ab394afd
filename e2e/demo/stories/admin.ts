import fs from "node:fs";
import { expect } from "@playwright/test";
import { APPROVAL_WORDS } from "../../../app/(dashboard)/admin/approvals/words";
import { COMPLIANCE_WORDS } from "../../../app/(dashboard)/admin/compliance/words";
import { POLICY_WORDS } from "../../../app/(dashboard)/admin/policies/words";
import { WEBHOOK_WORDS } from "../../../app/(dashboard)/webhooks/words";
import { startReceiver } from "../../../test/webhook-receiver";
import {
  ALL_TOKENS_WORDS,
  AUDIT_WORDS,
  closeReveal,
  confirmRowConfirmation,
  createDrawer,
  CREATE_WORDS,
  createToken,
  fillCreateDrawer,
  REVEAL_WORDS,
  secretField,
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
    "Set the rules: a teammate's Write token waits for your approval",
    "A new rule counts the tokens it affects, and Compliance deals with them",
    "Every event, signed, to your own receiver: a webhook delivery arrives",
  ],
  // The demo's receiver listens on loopback, which a production console refuses.
  serverEnv: { WEBHOOK_ALLOW_PRIVATE: "1" },
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
      state.jonasPassword = user.password;
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
    step("Policies: teammates may grant themselves read permissions only", async ({ driver, page, closeTerminal }) => {
      await closeTerminal();
      await openFromSidebar(driver, POLICY_WORDS.title);
      await driver.click(page.getByRole("radio", { name: new RegExp(POLICY_WORDS.selfGrantChoices.read.label) }));
      await driver.click(page.getByRole("button", { name: POLICY_WORDS.save }));
      await expect(page.getByRole("status").filter({ hasText: /Policies saved|Nothing changed/ })).toBeVisible();
    }),
    step("Jonas asks for a Write token: it is made, and waits for an admin", async (context) => {
      const jonas = await context.otherDriver("Jonas’s screen");
      await logIn(jonas, { name: "Jonas Weber", email: context.state.jonas!, password: context.state.jonasPassword! });
      await fillCreateDrawer(jonas, "deploy-prod", "Write");
      await jonas.click(createDrawer(jonas.page).getByRole("button", { name: CREATE_WORDS.submit }));
      await expect(createDrawer(jonas.page).getByText(REVEAL_WORDS.pendingApproval)).toBeVisible();
      context.state.pendingKey = await secretField(jonas.page).inputValue();
      await closeReveal(jonas, { copied: false });
      expect((await callApi(context, context.state.pendingKey!, "/v2/api", { mark: /token_pending_approval/ })).status).toBe(401);
      return jonas.page;
    }),
    step("Approvals: Maya approves it, and Jonas's token works", async (context) => {
      await context.closeTerminal();
      await openFromSidebar(context.driver, APPROVAL_WORDS.title);
      await context.driver.click(context.page.getByRole("button", { name: APPROVAL_WORDS.approveLabel("deploy-prod") }));
      await context.driver.click(context.page.getByRole("button", { name: APPROVAL_WORDS.approveConfirm }));
      await expect(context.page.getByRole("heading", { name: "deploy-prod", level: 2 })).toHaveCount(0);
      expect((await callApi(context, context.state.pendingKey!, "/v2/api", { mark: /"status": "success"/ })).status).toBe(200);
    }),
    step("A new rule: Write tokens must name their allowed IPs. The page counts the tokens it affects before saving", async (context) => {
      await context.closeTerminal();
      await openFromSidebar(context.driver, POLICY_WORDS.title);
      await context.driver.click(context.page.getByRole("checkbox", { name: POLICY_WORDS.requireAllowedIps }));
      const impact = context.page.getByRole("region", { name: POLICY_WORDS.impactTitle });
      await expect(impact.getByText(/that can write from anywhere/)).toBeVisible();
      await expect(impact.getByRole("radio", { name: new RegExp(POLICY_WORDS.existingChoices.keep.label) })).toBeChecked();
      await context.driver.click(context.page.getByRole("button", { name: POLICY_WORDS.save }));
      await expect(context.page.getByRole("status").filter({ hasText: /Policies saved/ })).toBeVisible();
    }),
    step("Compliance lists what breaks the rules: Maya disables “deploy-prod” until Jonas pins it", async (context) => {
      const { driver, page } = context;
      await openFromSidebar(driver, COMPLIANCE_WORDS.title);
      await driver.click(page.getByRole("button", { name: new RegExp(COMPLIANCE_WORDS.problems.allowed_ips_required.label) }));
      await driver.click(page.getByRole("checkbox", { name: COMPLIANCE_WORDS.select("deploy-prod", context.state.jonas!) }));
      await driver.click(page.getByRole("button", { name: COMPLIANCE_WORDS.disable(1) }));
      const dialog = page.getByRole("alertdialog", { name: COMPLIANCE_WORDS.titles.disable(1) });
      await driver.click(dialog.getByRole("button", { name: COMPLIANCE_WORDS.confirms.disable }));
      await expect(page.getByRole("status").filter({ hasText: COMPLIANCE_WORDS.done.disable(1) })).toBeVisible();
      expect((await callApi(context, context.state.pendingKey!, "/v2/api", { mark: /token_disabled/ })).status).toBe(401);
      // On a server in use (--base-url), the rules go back as they were found.
      if (context.admin) {
        await context.closeTerminal();
        await page.goto("/admin/policies");
        await page.getByRole("radio", { name: new RegExp(POLICY_WORDS.selfGrantChoices.any.label) }).check();
        await page.getByRole("checkbox", { name: POLICY_WORDS.requireAllowedIps }).uncheck();
        await page.getByRole("button", { name: POLICY_WORDS.save }).click();
        await expect(page.getByRole("status").filter({ hasText: /Policies saved/ })).toBeVisible();
      }
    }),
    step("Webhooks: every event of the installation, signed, to the team's receiver; the delivery arrives", async (context) => {
      const { driver, page } = context;
      await context.closeTerminal();
      const receiver = await startReceiver();
      try {
        await openFromSidebar(driver, WEBHOOK_WORDS.title);
        await page.getByLabel(WEBHOOK_WORDS.owner).selectOption({ label: WEBHOOK_WORDS.owners.installation! });
        await driver.type(page.getByLabel(WEBHOOK_WORDS.url), receiver.url("/siem"));
        await driver.click(page.getByRole("button", { name: WEBHOOK_WORDS.add }));
        await expect(page.getByText(WEBHOOK_WORDS.added)).toBeVisible();
        await driver.click(page.getByRole("button", { name: WEBHOOK_WORDS.done }));
        await driver.click(page.getByRole("link", { name: receiver.url("/siem") }));
        await driver.click(page.getByRole("button", { name: WEBHOOK_WORDS.sendTest }));
        await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
        await expect(async () => {
          await page.reload();
          await expect(page.getByRole("row").filter({ hasText: "webhook.test" })).toContainText(WEBHOOK_WORDS.states.delivered!);
        }).toPass({ timeout: 15_000 });
        const arrived = receiver.received.at(-1)!;
        await context.panel(`POST ${new URL(receiver.url("/siem")).pathname}`, "what the receiver got", {
          kind: "page",
          lines: [
            { text: `webhook-id: ${String(arrived.headers["webhook-id"])}` },
            { text: `webhook-timestamp: ${String(arrived.headers["webhook-timestamp"])}` },
            { text: `webhook-signature: ${String(arrived.headers["webhook-signature"]).slice(0, 24)}…`, mark: true },
            { text: "" },
            ...JSON.stringify(JSON.parse(arrived.body), null, 2)
              .split("\n")
              .map((text) => ({ text })),
          ],
          note: "Signed per Standard Webhooks: any of its libraries verifies it with the secret shown once.",
        });
        // On a server in use (--base-url), the demo's endpoint goes again.
        if (context.admin) {
          await context.closeTerminal();
          await page.getByRole("button", { name: WEBHOOK_WORDS.remove }).click();
          await page.getByRole("alertdialog").getByRole("button", { name: WEBHOOK_WORDS.remove }).click();
          await expect(page).toHaveURL(/\/webhooks$/);
        }
      } finally {
        await receiver.close();
      }
    }),
  ],
  end: {
    heading: "Every token accounted for",
    points: [
      "One list of every token, whoever made it",
      "Revoked in one click, refused at the next call",
      "Every action in the audit log, exportable",
      "Rules for every token, and approval for what they reserve",
      "The tokens that break them, found and dealt with",
      "Every event out to your own tools, signed",
    ],
  },
};
