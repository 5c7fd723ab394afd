import { requestFrom } from "./support/server";
import { axeProblems } from "./support/accessibility";
import { ADDRESS_NOTICE_WORDS, createToken, DELETE_WORDS, DETAILS_WORDS, expect, FIELD_WORDS, test } from "./fixtures";

// Issue 26: a token used from an address it was not used from in the last 30 days leaves its
// owner a notice on the API Token page, with the address, the client and the time, and links to
// Edit its allowed IPs and to Delete it. The server sees the socket's peer: two loopback
// addresses are two clients.

test("a token used from a new address leaves its owner a notice with Edit and Delete, keyboard-usable, until dismissed", async ({
  page,
  baseURL,
  tokenName,
}) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.goto("/api-tokens");
  const name = tokenName("deploy-bot");
  const secret = await createToken(page, name, "Read-Only");
  const use = (from: string, userAgent: string) =>
    requestFrom(from, `${baseURL}/v2/account/info`, { headers: { Authorization: `Bearer ${secret}`, "User-Agent": userAgent } });

  // Its first use: no notice. Written in batches once a second, so waited for.
  expect((await use("127.0.0.1", "curl/8.5.0")).status).toBe(200);
  await page.waitForTimeout(2_000);
  await page.reload();
  const notices = page.getByRole("region", { name: ADDRESS_NOTICE_WORDS.label });
  await expect(notices).toHaveCount(0);

  expect((await use("127.0.0.46", "Go-http-client/1.1")).status).toBe(200);
  const notice = notices.getByRole("status").filter({ hasText: name });
  await expect(async () => {
    await page.reload();
    await expect(notice).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(notice).toContainText(`“${name}”`);
  await expect(notice).toContainText("127.0.0.46");
  await expect(notice).toContainText("Go SDK");
  await expect(notice.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);

  const edit = notice.getByRole("link", { name: ADDRESS_NOTICE_WORDS.editLabel(name) });
  const remove = notice.getByRole("link", { name: ADDRESS_NOTICE_WORDS.deleteLabel(name) });
  const dismiss = notice.getByRole("button", { name: `Dismiss the notice about “${name}”` });
  await expect(edit).toHaveAttribute("href", /\/api-tokens\?edit=/);
  await expect(remove).toHaveAttribute("href", /\/api-tokens\?delete=/);
  const editHref = (await edit.getAttribute("href"))!;

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await expect(notice.locator("time")).not.toContainText("UTC"); // hydrated: local time
    await notice.screenshot({ path: `e2e/screenshots/new-address-notice-${width}.png` });
    await page.screenshot({ path: `e2e/screenshots/new-address-page-${width}.png`, fullPage: true });
    // Nothing in it runs past its box.
    const overflowing = await notice.evaluate(
      (box) =>
        [box, ...box.querySelectorAll("*")].filter(
          (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== "visible",
        ).length,
    );
    expect(overflowing, `at ${width} px`).toBe(0);
    const { right } = await notice.evaluate((box) => box.getBoundingClientRect().toJSON());
    expect(right, `at ${width} px`).toBeLessThanOrEqual(width);
    expect(await axeProblems(page), `at ${width} px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 860 });

  // By keyboard: Edit, then Delete, then Dismiss, in that order.
  await edit.focus();
  await page.keyboard.press("Enter");
  const editPanel = page.getByRole("dialog", { name: DETAILS_WORDS.editTitle(name) });
  await expect(editPanel).toBeVisible();
  await expect(editPanel.getByLabel(FIELD_WORDS.allowedIps)).toBeVisible();
  await expect(page).not.toHaveURL(/edit=/);
  expect(await axeProblems(page), "the Edit panel").toEqual([]);
  await page.keyboard.press("Escape");
  await expect(editPanel).toHaveCount(0);

  await edit.focus();
  await page.keyboard.press("Tab");
  await expect(remove).toBeFocused();
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("alertdialog", { name: DELETE_WORDS.title(name) });
  await expect(confirm).toBeVisible();
  await expect(page).not.toHaveURL(/delete=/);
  await page.keyboard.press("Escape");
  await expect(confirm).toHaveCount(0);

  await remove.focus();
  await page.keyboard.press("Tab");
  await expect(dismiss).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(notice).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "API Token", level: 1 })).toBeVisible();
  await expect(notice).toHaveCount(0);

  // The email's links open the same panels when followed from elsewhere; a gone token says so.
  await page.goto(editHref);
  await expect(editPanel).toBeVisible();
  await expect(page).toHaveURL(/\/api-tokens$/);
  await page.keyboard.press("Escape");
  await page.goto("/api-tokens?delete=not-a-token-id");
  await expect(page.getByText("That token was not found.")).toBeVisible();
});
