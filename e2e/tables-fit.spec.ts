import fs from "node:fs";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { startServer, type RunningServer } from "./support/server";
import {
  ACCOUNT_WORDS,
  ALL_TOKENS_WORDS,
  AUDIT_WORDS,
  createToken,
  deleteToken,
  expect,
  ROW_WORDS,
  signUp,
  test,
  tokenRow,
  type User,
} from "./fixtures";
import { axeProblems } from "./support/accessibility";

// Issue 22, "Tables that fit": at a laptop's, a small laptop's and a phone's width, the member
// listing, All Tokens and the Audit Log neither overflow nor overlap nor cut off what an audit
// needs, with the rows that made them break: a long email, an IPv6 address, an expiry badge, a
// rolled token, an edit, a token made by a token since deleted. A server of its own, behind a
// (pretend) trusted proxy, so that requests come from IPv6 and its first account is the admin.

const SCREENSHOTS = "e2e/screenshots";
fs.mkdirSync(SCREENSHOTS, { recursive: true });

const IPV6 = "2001:db8:85a3:1234:5678:8a2e:370:7334";
const PORT = Number(process.env.E2E_PORT ?? 3100) + 47;
const WIDTHS = [
  { name: "laptop", width: 1280, height: 800 },
  { name: "small laptop", width: 1024, height: 768 },
  { name: "phone", width: 390, height: 844 },
] as const;

const names = {
  deploy: "production-deploy-pipeline",
  nightly: "ci-nightly-integration-tests",
  reader: "read-only-reporting",
  creator: "provisioning-bot",
  made: "made-by-provisioning-bot",
};

let server: RunningServer;
let admin: User;

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` });

async function seed(browser: Browser) {
  const context = await browser.newContext({
    baseURL: server.url,
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: { "X-Forwarded-For": IPV6 },
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  // A server of its own: no other test has used this address.
  admin = {
    name: "Margaret Hamilton-Lovelace",
    email: "margaret.hamilton-lovelace@platform-engineering.example-corp.test",
    password: "pass-phrase-tables",
  };
  await signUp(page, admin);
  const deploy = await createToken(page, names.deploy, "Write");
  const reader = await createToken(page, names.reader, "Read-Only");
  const creator = await createToken(page, names.creator, "Write");
  const api: APIRequestContext = context.request;

  // Made through the API by another token (the audit's actor), expiring in 3 days: the amber badge.
  const made = await api.post("/v2/api/generate", { headers: bearer(deploy), data: { name: names.nightly, expires_in_days: 3 } });
  expect(made.status()).toBe(200);
  const byCreator = await api.post("/v2/api/generate", { headers: bearer(creator), data: { name: names.made, write: "on" } });
  expect(byCreator.status()).toBe(200);
  // A denied write (a detail line in the log), a use from IPv6, a roll with an overlap, an edit.
  expect((await api.post("/v2/api/generate", { headers: bearer(reader), data: { name: "nope" } })).status()).toBe(403);
  const listed = await api.get("/v2/api", { headers: bearer(deploy) });
  const items = ((await listed.json()) as { api: Array<{ id: string; name: string }> }).api;
  const id = (name: string) => items.find((item) => item.name === name)!.id;
  expect((await api.post(`/v2/api/${id(names.deploy)}/roll`, { headers: bearer(deploy), data: { grace_seconds: 86_400 } })).status()).toBe(
    200,
  );
  const edited = await api.patch(`/v2/api/${id(names.nightly)}`, {
    headers: bearer(creator),
    data: { description: "Runs the nightly integration suite against staging", allowed_ips: ["2001:db8:85a3::/48", "203.0.113.0/24"] },
  });
  expect(edited.status()).toBe(200);
  // The token that made a token is deleted: the log still says which one it was.
  await page.reload();
  // A click before the reloaded page has hydrated does nothing (the Delete dialog did not open).
  await hydrated(page);
  await deleteToken(page, names.creator);
  await context.close();
}

/**
 * What does not fit, in the table(s) inside `root`: the page or a table's container scrolling
 * sideways, a header's words spilling out of its cell or into the next, a cell's content cut
 * off (an ellipsis, hidden overflow) or running out of its cell.
 */
function misfits(root: HTMLElement): string[] {
  const problems: string[] = [];
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) problems.push(`the page scrolls sideways (${page.scrollWidth} > ${page.clientWidth} px)`);
  const hidden = (el: Element) => {
    if (el.closest(".sr-only")) return true;
    const style = getComputedStyle(el);
    if (style.position === "absolute" && (style.clip !== "auto" || style.clipPath !== "none")) return true;
    const box = el.getBoundingClientRect();
    return box.width === 0 && box.height === 0;
  };
  const words = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 60);
  const contentBox = (el: Element) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return range.getBoundingClientRect();
  };
  for (const table of root.querySelectorAll("table")) {
    const container = table.parentElement!;
    if (container.scrollWidth > container.clientWidth)
      problems.push(`a table is wider than its container (${container.scrollWidth} > ${container.clientWidth} px)`);
    const headers = [...table.querySelectorAll("thead th")].filter((th) => !hidden(th));
    headers.forEach((th, i) => {
      const cell = th.getBoundingClientRect();
      const content = contentBox(th);
      if (content.left < cell.left - 0.5 || content.right > cell.right + 0.5) problems.push(`header “${words(th)}” spills out of its cell`);
      const next = headers[i + 1];
      if (next && contentBox(next).left < content.right - 0.5) problems.push(`headers “${words(th)}” and “${words(next)}” overlap`);
    });
    for (const td of table.querySelectorAll("tbody td")) {
      if (hidden(td)) continue;
      const cell = td.getBoundingClientRect();
      if (td.scrollWidth > td.clientWidth + 1) problems.push(`cell “${words(td)}” is cut off (${td.scrollWidth} > ${td.clientWidth} px)`);
      for (const el of td.querySelectorAll("*")) {
        if (hidden(el)) continue;
        const box = el.getBoundingClientRect();
        if (box.left < cell.left - 1 || box.right > cell.right + 1) problems.push(`“${words(el)}” runs out of its cell`);
        const style = getComputedStyle(el);
        const clips = style.overflowX !== "visible" || style.textOverflow === "ellipsis";
        if (clips && el.scrollWidth > el.clientWidth + 1)
          problems.push(`“${words(el)}” is cut off (${el.scrollWidth} > ${el.clientWidth} px)`);
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * Once the browser has re-rendered the dates in local time (the server renders them in UTC).
 * The audit log's stay in UTC, as its filters are (`data-utc`): nothing to wait for there.
 */
async function hydrated(page: Page) {
  await expect(page.locator("main tbody time:not([data-utc])").filter({ hasText: /UTC$/ })).toHaveCount(0);
}

test.describe("tables that fit", () => {
  test.use({ storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { "X-Forwarded-For": IPV6 } });

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    server = await startServer(PORT, { TRUST_PROXY: "loopback" });
    await seed(browser);
  });
  test.afterAll(async () => server?.stop());

  for (const size of WIDTHS) {
    test(`at ${size.width} px the listing, All Tokens and the Audit Log fit, with nothing cut off`, async ({ browser }) => {
      const context = await browser.newContext({
        baseURL: server.url,
        storageState: { cookies: [], origins: [] },
        extraHTTPHeaders: { "X-Forwarded-For": IPV6 },
        viewport: { width: size.width, height: size.height },
      });
      const page = await context.newPage();
      await page.goto("/login");
      await page.getByLabel("Email").fill(admin.email);
      await page.getByLabel("Password").fill(admin.password);
      await page.getByRole("button", { name: "Login" }).click();
      await expect(page).toHaveURL(/\/api-tokens/);

      // The member listing: the expiry badge, the IPv6 address of the last use, a rolled token.
      await hydrated(page);
      await expect(tokenRow(page, names.nightly).getByText("Expires in 3 days")).toBeVisible();
      await expect(tokenRow(page, names.deploy).getByText(IPV6)).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/tables-listing-${size.width}.png`, fullPage: true });
      expect.soft(await page.locator("main").evaluate(misfits), "the member listing").toEqual([]);
      expect.soft(await axeProblems(page), "the member listing").toEqual([]);
      if (size.name === "laptop") {
        // Edit and Roll are labelled buttons beside Delete, with the names the tests use.
        for (const [action, named] of [
          [ROW_WORDS.edit, ROW_WORDS.editLabel],
          [ROW_WORDS.roll, ROW_WORDS.rollLabel],
          [ROW_WORDS.delete, ROW_WORDS.deleteLabel],
        ] as const) {
          const button = tokenRow(page, names.reader).getByRole("button", { name: named(names.reader), exact: true });
          const label = await button.evaluate((b, word) => {
            const span = [...b.querySelectorAll("span")].find((s) => s.textContent === word && !s.closest(".sr-only"));
            return span ? span.getBoundingClientRect().width : b.textContent === word ? b.getBoundingClientRect().width : 0;
          }, action);
          expect.soft(label, `${action} shows its label`).toBeGreaterThan(10);
        }
        // Rows are short enough for ten tokens at 1280 × 800, as GitHub's and Stripe's listings show.
        const height = await tokenRow(page, names.reader).evaluate((row) => row.getBoundingClientRect().height);
        expect.soft(height, "a plain row's height").toBeLessThanOrEqual(56);
        const top = await page.locator("main tbody").evaluate((body) => body.getBoundingClientRect().top);
        test.info().annotations.push({
          type: "measured",
          description: `a plain row is ${height} px tall; rows start ${top} px down: ${Math.floor((size.height - top) / height)} plain rows above the fold`,
        });
      }

      await page.goto("/admin/tokens");
      await expect(page.getByRole("heading", { name: ALL_TOKENS_WORDS.title, level: 1 })).toBeVisible();
      await hydrated(page);
      await expect(tokenRow(page, names.nightly).getByText("Expires in 3 days")).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/tables-all-tokens-${size.width}.png`, fullPage: true });
      expect.soft(await page.locator("main").evaluate(misfits), "All Tokens").toEqual([]);
      expect.soft(await axeProblems(page), "All Tokens").toEqual([]);
      // Revoke is on the screen, not beside it.
      const revoke = tokenRow(page, names.reader).getByRole("button", { name: ALL_TOKENS_WORDS.revokeLabel(names.reader, admin.email) });
      await revoke.scrollIntoViewIfNeeded();
      await expect(revoke).toBeInViewport({ ratio: 1 });

      await page.goto("/admin/audit");
      await expect(page.getByRole("heading", { name: AUDIT_WORDS.title, level: 1 })).toBeVisible();
      await hydrated(page);
      const log = page.getByRole("region", { name: "Audit events" });
      // An API-made token's actor is named by the token's name, also once that token is deleted.
      const madeRow = log.getByRole("row").filter({ hasText: "Token created" }).filter({ hasText: names.made });
      await expect.soft(madeRow).toContainText(`via API token “${names.creator}”`);
      await expect
        .soft(log.getByRole("row").filter({ hasText: "Token created" }).filter({ hasText: names.nightly }))
        .toContainText(`via API token “${names.deploy}”`);
      await expect.soft(log).not.toContainText(/via API token c[a-z0-9]{8,}/);
      await expect(log.getByText(IPV6).first()).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/tables-audit-log-${size.width}.png`, fullPage: true });
      expect.soft(await page.locator("main").evaluate(misfits), "the Audit Log").toEqual([]);
      expect.soft(await axeProblems(page), "the Audit Log").toEqual([]);

      // The Account page's recent sign-ins: an IPv6 address and a browser in a card (a new user's
      // finding: at 390 px the table ran 50 px past its card).
      await page.goto("/account");
      await expect(page.getByRole("heading", { name: ACCOUNT_WORDS.signIns })).toBeVisible();
      await expect(page.getByRole("table").getByText(IPV6).first()).toBeVisible();
      await page.screenshot({ path: `${SCREENSHOTS}/tables-account-${size.width}.png`, fullPage: true });
      expect.soft(await page.locator("main").evaluate(misfits), "Account").toEqual([]);
      await context.close();
    });
  }
});
