import type { Browser } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { WEBHOOK_WORDS } from "../app/(dashboard)/webhooks/words";
import { startReceiver } from "../test/webhook-receiver";
import { expectAccessible, screenshots } from "./support/accessibility";
import { createToken, expect, signUp, test, uniqueUser } from "./fixtures";

// Issue 29: webhooks in the console. The receiver is a real HTTP server in this process, on
// loopback (the suite's server runs with WEBHOOK_ALLOW_PRIVATE=1).

async function memberPage(browser: Browser) {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await signUp(page, uniqueUser("hooks"));
  return { page, context };
}

test("add an endpoint, copy its secret once, receive a signed token event and a test event, read the delivery log", async ({ browser }) => {
  const receiver = await startReceiver();
  const { page, context } = await memberPage(browser);
  try {
    await page.goto("/webhooks");
    await expect(page.getByRole("heading", { name: WEBHOOK_WORDS.title, level: 1 })).toBeVisible();
    await expect(page.getByText(WEBHOOK_WORDS.none)).toBeVisible();
    // A member's choice of owners is their own tokens only: no installation, no team they do not manage.
    await expect(page.getByLabel(WEBHOOK_WORDS.owner).locator("option")).toHaveText([WEBHOOK_WORDS.owners.user!]);
    await expectAccessible(page, "/webhooks empty");

    // A bad URL is said beside its field; nothing is added.
    await page.getByLabel(WEBHOOK_WORDS.url).fill("not a url");
    await page.getByRole("button", { name: WEBHOOK_WORDS.add }).click();
    await expect(page.getByText("Enter a full http:// or https:// URL.")).toBeVisible();
    await expectAccessible(page, "/webhooks with an error");

    // Every event, or a choice of events: ticking one clears the other.
    const every = page.getByRole("checkbox", { name: WEBHOOK_WORDS.allEvents });
    const leaked = page.getByRole("checkbox", { name: /token\.leaked/ });
    await expect(every).toBeChecked();
    await leaked.check();
    await expect(every).not.toBeChecked();
    await every.check();
    await expect(leaked).not.toBeChecked();

    await page.getByLabel(WEBHOOK_WORDS.url).fill(receiver.url("/console"));
    await page.getByLabel("Description (optional)").fill("Alerts");
    await page.getByRole("button", { name: WEBHOOK_WORDS.add }).click();
    await expect(page.getByText(WEBHOOK_WORDS.added)).toBeVisible();
    const secret = await page.getByLabel(WEBHOOK_WORDS.secretLabel).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole("button", { name: WEBHOOK_WORDS.done }).click();
    await expect(page.getByLabel(WEBHOOK_WORDS.secretLabel)).toHaveCount(0);
    const link = page.getByRole("link", { name: receiver.url("/console") });
    await expect(link).toBeVisible();
    await screenshots(page, "webhooks");

    // A token event arrives, signed: the reference library verifies it with the secret shown once.
    const tokenName = `hooked-${Date.now()}`;
    await page.goto("/api-tokens");
    await createToken(page, tokenName, "Read-Only");
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const first = receiver.received[0]!;
    const event = new Webhook(secret).verify(first.body, first.headers as Record<string, string>) as {
      type: string;
      data: { token: { name: string } };
    };
    expect(event.type).toBe("token.created");
    expect(event.data.token.name).toBe(tokenName);

    await page.goto("/webhooks");
    await page.getByRole("link", { name: receiver.url("/console") }).click();
    await expect(page.getByRole("heading", { name: WEBHOOK_WORDS.deliveries })).toBeVisible();
    await expect(page.getByRole("heading", { name: WEBHOOK_WORDS.endpointTitle, level: 1 })).toBeVisible();
    await expect(page.getByText("Alerts", { exact: true })).toBeVisible(); // its description
    await page.getByRole("button", { name: WEBHOOK_WORDS.sendTest }).click();
    await expect(page.getByText(WEBHOOK_WORDS.testSent)).toBeVisible();
    await expect
      .poll(() => receiver.received.map((r) => (JSON.parse(r.body) as { type: string }).type), { timeout: 15_000 })
      .toContain("webhook.test");
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("row").filter({ hasText: "webhook.test" })).toContainText(WEBHOOK_WORDS.states.delivered!);
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("row").filter({ hasText: "token.created" })).toContainText("200");
    await expectAccessible(page, "webhook endpoint");
    await screenshots(page, "webhook-endpoint");

    // Rotate: a new secret, shown once; the old one still verifies for a day.
    await page.getByRole("button", { name: WEBHOOK_WORDS.rotate }).click();
    await page.getByRole("dialog").getByRole("button", { name: WEBHOOK_WORDS.rotate }).click();
    await expect(page.getByText(WEBHOOK_WORDS.rotated)).toBeVisible();
    await expect(page.getByText(`${WEBHOOK_WORDS.previousUntil} `)).toHaveText(/until \d/); // a space before the time
    expect(await page.getByLabel(WEBHOOK_WORDS.secretLabel).inputValue()).not.toBe(secret);

    // Another account's address for this endpoint is a 404.
    const endpointPath = new URL(page.url()).pathname;
    const other = await memberPage(browser);
    expect((await other.page.goto(endpointPath))?.status()).toBe(404);
    await other.context.close();

    // Delete: gone from the list.
    await page.getByRole("button", { name: WEBHOOK_WORDS.remove }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: WEBHOOK_WORDS.remove }).click();
    await expect(page.getByRole("status").filter({ hasText: WEBHOOK_WORDS.removed })).toBeVisible();
    await expect(page.getByText(WEBHOOK_WORDS.none)).toBeVisible();
    await page.getByRole("button", { name: "Dismiss" }).click();
    await expect(page).toHaveURL(/\/webhooks$/);
  } finally {
    await context.close();
    await receiver.close();
  }
});

test("an admin may add an installation endpoint, which hears of every event", async ({ page }) => {
  await page.goto("/webhooks");
  await expect(page.getByLabel(WEBHOOK_WORDS.owner).locator("option", { hasText: WEBHOOK_WORDS.owners.installation! })).toHaveCount(1);
  await expect(page.getByRole("heading", { name: WEBHOOK_WORDS.sections.installation, level: 2 })).toBeVisible();
  await expectAccessible(page, "/webhooks as an admin");
});
