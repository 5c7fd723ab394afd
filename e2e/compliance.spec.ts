import type { Page } from "@playwright/test";
import { COMPLIANCE_WORDS } from "../app/(dashboard)/admin/compliance/words";
import { POLICY_WORDS } from "../app/(dashboard)/admin/policies/words";
import { OWNER_NOTICE_WORDS } from "../app/(dashboard)/api-tokens/words";
import { expectAccessible, screenshots } from "./support/accessibility";
import { closeReveal, createDrawer, CREATE_WORDS, expect, fillCreateDrawer, secretField, signUp, test, uniqueUser } from "./fixtures";

// Issue 28: a rule's effect on running tokens, counted on /admin/policies as the admin changes it,
// and the compliance view's bulk answers (the default session is the admin's). The suite shares
// one database and runs one test at a time: the policy is put back as it was found.

async function setWriteRule(page: Page, on: boolean) {
  await page.goto("/admin/policies");
  await expect(page.getByRole("heading", { name: POLICY_WORDS.title, level: 1 })).toBeVisible();
  const rule = page.getByRole("checkbox", { name: POLICY_WORDS.requireAllowedIps });
  if ((await rule.isChecked()) === on) return;
  await rule.setChecked(on);
  await page.getByRole("button", { name: POLICY_WORDS.save }).click();
  await expect(page.getByRole("status").filter({ hasText: "Policies saved" })).toBeVisible();
}

test("a rule's effect on running tokens is counted before the save; Compliance lists the token and disables it", async ({
  page,
  browser,
  tokenName,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const member = await context.newPage();
  const owner = uniqueUser("compliance");
  await signUp(member, owner);
  const name = tokenName("writes-anywhere");
  await fillCreateDrawer(member, name, "Write");
  await createDrawer(member).getByRole("button", { name: CREATE_WORDS.submit }).click();
  const secret = await secretField(member).inputValue();
  await closeReveal(member);

  try {
    await page.goto("/admin/policies");
    // Ticking the rule counts, before any save, the working tokens it would not allow.
    await page.getByRole("checkbox", { name: POLICY_WORDS.requireAllowedIps }).check();
    const impact = page.getByRole("region", { name: POLICY_WORDS.impactTitle });
    await expect(impact.getByText(/that can write from anywhere/)).toBeVisible();
    await expect(impact.getByRole("radio", { name: new RegExp(POLICY_WORDS.existingChoices.keep.label) })).toBeChecked();
    await page.getByRole("button", { name: POLICY_WORDS.save }).click();
    await expect(page.getByRole("status").filter({ hasText: "Policies saved" })).toBeVisible();
    // Kept: the token still works.
    expect((await member.request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } })).status()).toBe(200);

    await impact.getByRole("link", { name: POLICY_WORDS.compliance }).click();
    await expect(page.getByRole("heading", { name: COMPLIANCE_WORDS.title, level: 1 })).toBeVisible();
    const filter = page.getByRole("button", { name: new RegExp(COMPLIANCE_WORDS.problems.allowed_ips_required.label) });
    await filter.click();
    await expect(filter).toHaveAttribute("aria-pressed", "true");
    const row = page.getByRole("listitem").filter({ hasText: name });
    await expect(row.getByRole("list", { name: `Problems of ${name}` })).toContainText(
      COMPLIANCE_WORDS.problems.allowed_ips_required.short,
    );
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 860 });
      await expectAccessible(page, `/admin/compliance at ${width} px`);
    }
    await screenshots(page, "admin-compliance");

    await page.getByRole("checkbox", { name: COMPLIANCE_WORDS.select(name, owner.email) }).check();
    await page.getByRole("button", { name: COMPLIANCE_WORDS.disable(1) }).click();
    const dialog = page.getByRole("alertdialog", { name: COMPLIANCE_WORDS.titles.disable(1) });
    await dialog.getByRole("button", { name: COMPLIANCE_WORDS.confirms.disable }).click();
    await expect(page.getByRole("status").filter({ hasText: COMPLIANCE_WORDS.done.disable(1) })).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: name })).toHaveCount(0);
    const refused = await member.request.get("/v2/api", { headers: { Authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { errors: Array<{ code: string }> }).errors[0]!.code).toBe("token_disabled");
    // Its owner reads why on their page.
    await member.goto("/api-tokens");
    const notice = member.getByRole("region", { name: OWNER_NOTICE_WORDS.label }).getByRole("status").filter({ hasText: name });
    await expect(notice).toContainText(OWNER_NOTICE_WORDS.what({ kind: "disabled", reason: "can write from any address" }));
    await expect(notice).toContainText("can write from any address");
    await expectAccessible(member, "owner notice");
  } finally {
    await setWriteRule(page, false);
    await context.close();
  }
});
