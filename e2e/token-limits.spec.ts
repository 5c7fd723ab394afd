import type { APIRequestContext, Page } from "@playwright/test";
import {
  closeReveal,
  createDrawer,
  DETAILS_WORDS,
  EDIT_WORDS,
  expect,
  fillCreateDrawer,
  LIMITS_WORDS,
  openTokenDetails,
  ROW_WORDS,
  submitCreateDrawer,
  submitCreateDrawerRefused,
  test,
  tokenRow,
} from "./fixtures";
import { expectAccessible } from "./support/accessibility";

// Per-token limits in the console (issue 26): a rate limit and a quota in the Create drawer,
// refused beside the field when out of range; the token refused with usage_exceeded once its
// quota is spent; the details panel saying what is left; the owner's refill in Edit, at once.

const call = (request: APIRequestContext, secret: string) =>
  request.get("/v2/account/info", { headers: { Authorization: `Bearer ${secret}` } });
const textbox = (scope: ReturnType<Page["getByRole"]>, name: string) => scope.getByRole("textbox", { name });

test("a token's rate limit and quota: set at creation, spent, shown, and refilled in Edit", async ({ page, request, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("metered");
  await fillCreateDrawer(page, name, "Write");
  const drawer = createDrawer(page);
  const rateLimit = textbox(drawer, LIMITS_WORDS.rateLimit);
  const quota = textbox(drawer, LIMITS_WORDS.quota);
  // The placeholder is the installation's limit (the default 1,200 here).
  await expect(rateLimit).toHaveAttribute("placeholder", "1200");
  await expect(drawer.getByRole("group", { name: /Limits/ })).toBeVisible();

  // Out of range, beside the field, and nothing is created.
  await rateLimit.fill("5000");
  await submitCreateDrawerRefused(page, "A token may make at most 1,200 requests per minute here");
  await expect(rateLimit).toHaveAttribute("aria-invalid", "true");
  await rateLimit.fill("0");
  await quota.fill("-3");
  await submitCreateDrawerRefused(page, /Enter a quota of 1 to 1,000,000,000 requests/);
  await expectAccessible(page, "create drawer with limit errors");
  // By keyboard: the rate limit, then Tab to the quota.
  await rateLimit.fill("");
  await rateLimit.focus();
  await page.keyboard.type("30");
  await page.keyboard.press("Tab");
  await expect(quota).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("2");
  const secret = await submitCreateDrawer(page);
  await closeReveal(page);

  // The quota: two requests, then usage_exceeded with no Retry-After.
  expect((await call(request, secret)).status()).toBe(200);
  expect((await call(request, secret)).status()).toBe(200);
  const spent = await call(request, secret);
  expect(spent.status()).toBe(429);
  expect(spent.headers()["retry-after"]).toBeUndefined();
  expect(await spent.json()).toMatchObject({ errors: [{ code: "usage_exceeded" }] });

  // The details say so once the spends are written (within a second or so).
  await expect(async () => {
    await page.reload();
    const panel = await openTokenDetails(page, name);
    await expect(panel.getByText(DETAILS_WORDS.quotaLeft(0, 2), { exact: true })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  const panel = page.getByRole("dialog", { name });
  await expect(panel.getByText(DETAILS_WORDS.perMinute(30))).toBeVisible();
  await expect(panel.getByText(DETAILS_WORDS.quotaSpent)).toBeVisible();
  await expectAccessible(page, "details panel with limits");

  // Edit: the fields hold the limits; Refill, by keyboard, and Save.
  await panel.getByRole("button", { name: DETAILS_WORDS.edit, exact: true }).click();
  const edit = page.getByRole("dialog", { name: DETAILS_WORDS.editTitle(name) });
  await expect(textbox(edit, LIMITS_WORDS.rateLimit)).toHaveValue("30");
  await expect(textbox(edit, LIMITS_WORDS.quota)).toHaveValue("2");
  await expect(edit.getByText(LIMITS_WORDS.quotaLeftHint(0, 2))).toBeVisible();
  await textbox(edit, LIMITS_WORDS.rateLimit).fill("1201");
  await edit.getByRole("button", { name: EDIT_WORDS.submit }).click();
  await expect(edit.getByText("A token may make at most 1,200 requests per minute here")).toBeVisible();
  await textbox(edit, LIMITS_WORDS.rateLimit).fill("30");
  await expectAccessible(page, "edit form with limits");
  const refill = edit.getByRole("checkbox", { name: LIMITS_WORDS.refill });
  await refill.focus();
  await page.keyboard.press("Space");
  await expect(refill).toBeChecked();
  await edit.getByRole("button", { name: EDIT_WORDS.submit }).click();
  const details = page.getByRole("dialog", { name });
  await expect(details.getByText(DETAILS_WORDS.quotaLeft(2, 2), { exact: true })).toBeVisible();
  await expect(details.getByText("quota: 0 of 2 left → 2 of 2 left (refilled)")).toBeVisible();
  // At once: the next request is allowed again.
  expect((await call(request, secret)).status()).toBe(200);
  await page.keyboard.press("Escape");
  await expect(tokenRow(page, name).getByRole("button", { name: ROW_WORDS.editLabel(name), exact: true })).toBeVisible();
});
