import type { Page } from "@playwright/test";
import { APPROVAL_WORDS } from "../app/(dashboard)/admin/approvals/words";
import { POLICY_WORDS } from "../app/(dashboard)/admin/policies/words";
import { OWNER_NOTICE_WORDS } from "../app/(dashboard)/api-tokens/words";
import { expectAccessible, screenshots } from "./support/accessibility";
import {
  closeReveal,
  createDrawer,
  expect,
  fillCreateDrawer,
  REVEAL_WORDS,
  secretField,
  signUp,
  test,
  tokenRow,
  uniqueUser,
  CREATE_WORDS,
  FIELD_WORDS,
  openRollDialog,
  rollPanel,
  ROLL_WORDS,
} from "./fixtures";

// Issue 28: the installation's policies on /admin/policies (the default session is the admin's).
// The suite shares one database: each test puts the policies back as it found them.

async function openPolicies(page: Page) {
  await page.goto("/admin/policies");
  await expect(page.getByRole("heading", { name: POLICY_WORDS.title, level: 1 })).toBeVisible();
}

async function choose(page: Page, selfGrant: keyof typeof POLICY_WORDS.selfGrantChoices) {
  await openPolicies(page);
  await page.getByRole("radio", { name: new RegExp(POLICY_WORDS.selfGrantChoices[selfGrant].label) }).check();
  await page.getByRole("button", { name: POLICY_WORDS.save }).click();
  await expect(page.getByRole("status").filter({ hasText: /Policies saved|Nothing changed/ })).toBeVisible();
}

test("the policies page: laid out and accessible at both widths, a bad number said beside its field", async ({ page }) => {
  await openPolicies(page);
  await expect(page.getByRole("heading", { name: POLICY_WORDS.impactTitle })).toBeVisible();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 860 });
    await expectAccessible(page, `/admin/policies at ${width} px`);
  }
  await screenshots(page, "admin-policies");
  await page.getByLabel(POLICY_WORDS.maxLifetime).fill("abc");
  // The count of affected tokens waits for a valid form, and says so.
  await expect(page.getByText(POLICY_WORDS.impactWaiting)).toBeVisible();
  await page.getByRole("button", { name: POLICY_WORDS.save }).click();
  await expect(page.getByText("Enter the maximum lifetime as a whole number of days.")).toBeVisible();
  await expect(page.getByLabel(POLICY_WORDS.maxLifetime)).toBeFocused();
});

test("reads only for members: a member's Write token is made pending, approved on Approvals, then works", async ({
  page,
  browser,
  tokenName,
}) => {
  await choose(page, "read");
  try {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const member = await context.newPage();
    await signUp(member, uniqueUser("pending"));
    const name = tokenName("needs-approval");
    await fillCreateDrawer(member, name, "Write");
    await createDrawer(member).getByRole("button", { name: CREATE_WORDS.submit }).click();
    await expect(secretField(member)).toBeVisible();
    await expect(createDrawer(member).getByText(REVEAL_WORDS.pendingApproval)).toBeVisible();
    const secret = await secretField(member).inputValue();
    await closeReveal(member);
    await expect(tokenRow(member, name)).toBeVisible();
    const refused = await member.request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe("token_pending_approval");

    await page.goto("/admin/approvals");
    await page.getByRole("button", { name: APPROVAL_WORDS.approveLabel(name) }).click();
    await page.getByRole("button", { name: APPROVAL_WORDS.approveConfirm }).click();
    await expect(page.getByRole("heading", { name, level: 2 })).toHaveCount(0);
    const works = await member.request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } });
    expect(works.status()).toBe(200);
    // The member hears of it in the console too, not only by email.
    await member.goto("/api-tokens");
    await expect(
      member.getByRole("region", { name: OWNER_NOTICE_WORDS.label }).getByRole("status").filter({ hasText: name }),
    ).toContainText(OWNER_NOTICE_WORDS.what({ kind: "approved", reason: "" }));
    await context.close();
  } finally {
    await choose(page, "any");
  }
});

test("a token the new maximum kept working gets that maximum at its next roll, said in the reveal", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("forever");
  await fillCreateDrawer(page, name, "Read-Only");
  await createDrawer(page).getByLabel(FIELD_WORDS.expiration).selectOption({ label: "No expiration" });
  await createDrawer(page).getByRole("button", { name: CREATE_WORDS.submit }).click();
  await expect(secretField(page)).toBeVisible();
  await closeReveal(page);
  await openPolicies(page);
  const defaultDays = await page.getByLabel(POLICY_WORDS.defaultLifetime).inputValue();
  await page.getByLabel(POLICY_WORDS.defaultLifetime).fill("30");
  await page.getByLabel(POLICY_WORDS.maxLifetime).fill("30");
  await page.getByRole("button", { name: POLICY_WORDS.save }).click();
  await expect(page.getByRole("status").filter({ hasText: /Policies saved/ })).toBeVisible();
  try {
    await page.goto("/api-tokens");
    const dialog = await openRollDialog(page, name);
    await dialog.getByRole("button", { name: ROLL_WORDS.confirm }).click();
    const panel = rollPanel(page);
    await expect(panel.getByRole("status").filter({ hasText: REVEAL_WORDS.policyExpiry })).toBeVisible();
    await expectAccessible(page, "roll under a policy");
  } finally {
    await openPolicies(page);
    await page.getByLabel(POLICY_WORDS.maxLifetime).fill("");
    await page.getByLabel(POLICY_WORDS.defaultLifetime).fill(defaultDays);
    await page.getByRole("button", { name: POLICY_WORDS.save }).click();
    await expect(page.getByRole("status").filter({ hasText: /Policies saved/ })).toBeVisible();
  }
});
