import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Page } from "@playwright/test";
import { APPROVAL_WORDS } from "../app/(dashboard)/admin/approvals/words";
import { STATE_ACTION_WORDS, TOKEN_STATE_WORDS } from "../components/token-table/state-words";
import { createToken, expect, test, tokenRow } from "./fixtures";
import { expectAccessible, screenshots } from "./support/accessibility";

// Issue 28 in the console: Disable and Enable from the API Token page, and the admin's approvals
// queue (the default session is the installation's admin). A token is made pending as the
// policies' creation rule does it (e2e/support/pending-token.mts, the app's own DAL).

const info = (page: Page, secret: string) => page.request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } });
const codeOf = async (response: import("@playwright/test").APIResponse) =>
  ((await response.json()) as { errors: Array<{ code: string }> }).errors[0]!.code;

/** Under axe at a laptop's and a phone's width, with a screenshot of each (e2e/screenshots/<name>-<width>.png). */
async function axe(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await expectAccessible(page, `${name} at ${width} px`);
  }
  await screenshots(page, name);
}

async function idOf(page: Page, secret: string, name: string) {
  const listed = (await (await page.request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } })).json()) as {
    api: Array<{ id: string; name: string; status: string }>;
  };
  return listed.api.find((key) => key.name === name)!;
}

function makePending(id: string) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "e2e/support/pending-token.mts"], {
    env: { ...process.env, DATA_DIR: path.join("e2e", ".data"), DATABASE_URL: "", LOG_LEVEL: "warn", PENDING_TOKEN_ID: id },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`pending-token failed: ${result.stderr}`);
}

test("Disable and Enable from the API Token page: refused at the next request, then working again", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("disable-me");
  const secret = await createToken(page, name, "Write");
  expect((await info(page, secret)).status()).toBe(200);

  const row = tokenRow(page, name);
  await row.getByRole("button", { name: STATE_ACTION_WORDS.disableLabel(name) }).click();
  const dialog = page.getByRole("alertdialog", { name: STATE_ACTION_WORDS.disableTitle(name) });
  await dialog.getByRole("button", { name: STATE_ACTION_WORDS.disableConfirm }).click();
  await expect(page.getByRole("status").filter({ hasText: STATE_ACTION_WORDS.disabled(name) })).toBeVisible();
  await expect(row.getByText(TOKEN_STATE_WORDS.disabled, { exact: true })).toBeVisible();
  // Who disabled it is said in the row, not only on hover.
  await expect(row.getByText(TOKEN_STATE_WORDS.by.owner, { exact: true })).toBeVisible();
  const refused = await info(page, secret);
  expect(refused.status()).toBe(401);
  expect(await codeOf(refused)).toBe("token_disabled");
  await axe(page, "token-disabled");

  await row.getByRole("button", { name: STATE_ACTION_WORDS.enableLabel(name) }).click();
  const enable = page.getByRole("dialog", { name: STATE_ACTION_WORDS.enableTitle(name) });
  await enable.getByRole("button", { name: STATE_ACTION_WORDS.enableConfirm }).click();
  await expect(page.getByRole("status").filter({ hasText: STATE_ACTION_WORDS.enabled(name) })).toBeVisible();
  await expect(row.getByText(TOKEN_STATE_WORDS.disabled, { exact: true })).toHaveCount(0);
  expect((await info(page, secret)).status()).toBe(200);
});

test("the approvals queue: the navigation counts it, Approve makes a token work, Deny with a reason never", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const approved = tokenName("approve-me");
  const denied = tokenName("deny-me");
  const approvedSecret = await createToken(page, approved, "Write");
  const deniedSecret = await createToken(page, denied, "Write");
  const approvedId = (await idOf(page, approvedSecret, approved)).id;
  const deniedId = (await idOf(page, approvedSecret, denied)).id;
  makePending(approvedId);
  makePending(deniedId);
  expect(await codeOf(await info(page, approvedSecret))).toBe("token_pending_approval");

  await page.goto("/admin/approvals");
  await expect(page.getByRole("heading", { name: APPROVAL_WORDS.title, level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Approvals \d+ waiting$/ })).toBeVisible();
  await axe(page, "approvals");

  await page.getByRole("button", { name: APPROVAL_WORDS.approveLabel(approved) }).click();
  await page
    .getByRole("dialog", { name: APPROVAL_WORDS.approveTitle(approved) })
    .getByRole("button", { name: APPROVAL_WORDS.approveConfirm })
    .click();
  await expect(page.getByRole("status").filter({ hasText: APPROVAL_WORDS.approved(approved) })).toBeVisible();
  // Its row has left the queue: focus is on the queue, not lost on the page.
  await expect(page.getByRole("region", { name: APPROVAL_WORDS.label })).toBeFocused();
  expect((await info(page, approvedSecret)).status()).toBe(200);

  await page.getByRole("button", { name: APPROVAL_WORDS.denyLabel(denied) }).click();
  const deny = page.getByRole("alertdialog", { name: APPROVAL_WORDS.denyTitle(denied) });
  await deny.getByRole("button", { name: APPROVAL_WORDS.denyConfirm }).click();
  await expect(deny).toBeVisible(); // no reason: refused, nothing changed, and the dialog says why
  await expect(deny.getByRole("alert")).toHaveText("Say why, in a few words: the requester reads it.");
  await deny.getByLabel(APPROVAL_WORDS.reason).fill("Write is not for CI here");
  await deny.getByRole("button", { name: APPROVAL_WORDS.denyConfirm }).click();
  await expect(page.getByRole("status").filter({ hasText: APPROVAL_WORDS.denied(denied) })).toBeVisible();
  expect(await codeOf(await info(page, deniedSecret))).toBe("token_denied");

  await page.goto("/api-tokens");
  await expect(tokenRow(page, denied).getByText(TOKEN_STATE_WORDS.denied, { exact: true })).toBeVisible();
  await expect(tokenRow(page, denied).getByText("Write is not for CI here", { exact: true })).toBeVisible();
  await screenshots(page, "token-denied");
});
