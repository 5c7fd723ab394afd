import path from "node:path";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import type { APIRequestContext, Locator, Page } from "@playwright/test";
import { OVERVIEW_WORDS } from "../app/(dashboard)/admin/words";
import { ACTIVITY_WORDS } from "../components/activity/words";
import { OUTCOME_LABELS } from "../lib/activity";
import { expectAccessible } from "./support/accessibility";
import {
  ALL_TOKENS_WORDS,
  AUDIT_WORDS,
  createToken,
  DETAILS_WORDS,
  expect,
  openFromSidebar,
  openTokenDetails,
  signUp,
  test,
  tokenRow,
  uniqueUser,
} from "./fixtures";

// Issue 26 in the console: a used token's Activity in its details panel (the chart, its summary,
// the top lists, the request log with a refusal in it, by outcome, by window), and the admin
// Overview (every token's requests, the busiest tokens, a bulk revoke of unused tokens, audited).
// The requests are real ones through /v2; the counts are written off the request's path, every
// ACTIVITY_FLUSH_SECONDS (1 s for the suite).

const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}`, "User-Agent": "curl/8.5.0" });

/** `ok` reads of the account, then one write a Read-Only token is refused. */
async function use(request: APIRequestContext, secret: string, ok: number) {
  for (let i = 0; i < ok; i++) expect((await request.get("/v2/account/info", { headers: bearer(secret) })).status()).toBe(200);
  const refused = await request.post("/v2/api/generate", { headers: bearer(secret), data: { name: "nope" } });
  expect(refused.status()).toBe(403);
}

/**
 * Opens the token's panel until its Activity says what was made (the counts land within a flush or
 * two) and, given `logLines`, its log holds that many lines. The panel reads its counts and its log
 * with two requests: a flush landing between them once showed the counts with an empty log.
 */
async function openActivity(page: Page, name: string, summary: string, logLines?: number): Promise<Locator> {
  let panel: Locator | null = null;
  await expect(async () => {
    await page.reload();
    panel = await openTokenDetails(page, name);
    await expect(panel.getByRole("figure").getByText(summary, { exact: true }).first()).toBeVisible({ timeout: 2_000 });
    if (logLines !== undefined)
      await expect(panel.getByRole("list", { name: ACTIVITY_WORDS.logCaption }).getByRole("listitem")).toHaveCount(logLines, {
        timeout: 2_000,
      });
  }).toPass({ timeout: 20_000 });
  return panel!;
}

/** Nothing in the panel is wider than the panel: no clipping, no sideways scroll. */
async function expectFits(panel: Locator) {
  const body = panel.getByRole("region", { name: DETAILS_WORDS.body });
  // Judged once the panel and its chart have settled: mid-animation a row can stick out for a frame.
  await body.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
  const overflow = await body.evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a used token's Activity: the chart and its summary, a refusal in the log, the outcome filter and the window", async ({
  page,
  request,
  tokenName,
}) => {
  await page.goto("/api-tokens");
  const name = tokenName("activity");
  const secret = await createToken(page, name, "Read-Only");
  await use(request, secret, 3);

  const panel = await openActivity(page, name, "4 requests in 24 hours, 1 refused", 4);
  await expect(panel.getByRole("heading", { name: DETAILS_WORDS.activity, exact: true })).toBeVisible();
  // The chart is drawn (recharts, loaded with the panel), hidden from screen readers: the legend says it.
  await expect(panel.getByTestId("usage-chart").locator("svg.recharts-surface")).toBeVisible();
  const legend = panel.getByRole("list", { name: ACTIVITY_WORDS.legend });
  await expect(legend.getByRole("listitem").filter({ hasText: OUTCOME_LABELS.ok })).toContainText("3");
  await expect(legend.getByRole("listitem").filter({ hasText: OUTCOME_LABELS.denied_permission })).toContainText("1");
  await expect(panel.getByRole("list", { name: ACTIVITY_WORDS.top.permission })).toContainText("account:read");
  await expect(panel.getByRole("list", { name: ACTIVITY_WORDS.top.address })).toContainText("127.0.0.1");

  // The log, newest first: the refusal on top, with its path, status and outcome.
  const log = panel.getByRole("list", { name: ACTIVITY_WORDS.logCaption });
  await expect(log.getByRole("listitem")).toHaveCount(4);
  const newest = log.getByRole("listitem").first();
  await expect(newest).toContainText("POST");
  await expect(newest).toContainText("/v2/api/generate");
  await expect(newest).toContainText("403");
  await expect(newest).toContainText(OUTCOME_LABELS.denied_permission);
  await expect(newest).toContainText("curl 8.5.0");
  expect(await page.content()).not.toContain(secret);

  await expectAccessible(page, "the token's Activity");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await expectFits(panel);
    for (const [shot, heading] of [
      ["token-activity", DETAILS_WORDS.activity],
      ["token-activity-log", ACTIVITY_WORDS.log],
    ] as const) {
      await panel.getByRole("heading", { name: heading, exact: true }).evaluate((element) => element.scrollIntoView({ block: "start" }));
      await page.screenshot({ path: `e2e/screenshots/${shot}-${width}.png` });
    }
  }
  await expectAccessible(page, "the token's Activity at a phone's width");
  await page.setViewportSize({ width: 1280, height: 900 });

  // By outcome: only the refusal; then all again.
  const filter = panel.getByRole("combobox", { name: ACTIVITY_WORDS.filterOutcome });
  await filter.selectOption({ label: OUTCOME_LABELS.denied_permission });
  await expect(log.getByRole("listitem")).toHaveCount(1);
  await expect(log.getByRole("listitem")).toContainText("/v2/api/generate");
  await filter.selectOption({ label: OUTCOME_LABELS.rate_limited });
  await expect(panel.getByText(ACTIVITY_WORDS.logEmptyFiltered)).toBeVisible();
  await filter.selectOption({ label: ACTIVITY_WORDS.allOutcomes });
  await expect(log.getByRole("listitem")).toHaveCount(4);

  // The window: by a click, then by the keyboard (a radio group: the arrows move the choice).
  const windows = panel.getByRole("group", { name: ACTIVITY_WORDS.window });
  await windows.getByRole("radio", { name: "7 days" }).check();
  await expect(panel.getByRole("figure").getByText("4 requests in 7 days, 1 refused", { exact: true }).first()).toBeVisible();
  await windows.getByRole("radio", { name: "7 days" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(windows.getByRole("radio", { name: "30 days" })).toBeChecked();
  await expect(panel.getByRole("figure").getByText("4 requests in 30 days, 1 refused", { exact: true }).first()).toBeVisible();
});

test("a token never used says so in its Activity, with no chart", async ({ page, tokenName }) => {
  await page.goto("/api-tokens");
  const name = tokenName("activity-none");
  await createToken(page, name, "Read-Only");
  const panel = await openTokenDetails(page, name);
  await expect(panel.getByRole("figure").getByText("No requests in 24 hours").first()).toBeVisible();
  await expect(panel.getByTestId("usage-chart")).toHaveCount(0);
  await expect(panel.getByText(ACTIVITY_WORDS.logEmpty)).toBeVisible();
});

/** Makes the tokens look 40 days old and never used, in the suite's database (e2e/.data). */
function backdate(names: string[]) {
  const db = new Database(path.join("e2e", ".data", "token-console.db"), { timeout: 10_000 });
  try {
    const old = Date.now() - 40 * 86_400_000;
    const kind = (db.prepare(`SELECT typeof(createdAt) AS kind FROM ApiToken LIMIT 1`).get() as { kind: string }).kind;
    const update = db.prepare(`UPDATE ApiToken SET createdAt = ?, lastUsedAt = NULL WHERE name = ?`);
    for (const name of names) expect(update.run(kind === "integer" ? old : new Date(old).toISOString(), name).changes).toBe(1);
  } finally {
    db.close();
  }
}

test("the admin Overview: every token's requests, the busiest tokens, and a bulk revoke of unused tokens, audited", async ({
  page,
  browser,
  request,
  tokenName,
}) => {
  await page.goto("/api-tokens");
  const busy = tokenName("overview-busy");
  const busySecret = await createToken(page, busy, "Read-Only");
  const stale = [tokenName("overview-stale"), tokenName("overview-stale")];
  for (const name of stale) await createToken(page, name, "Read-Only");
  // And one of a member's, who is told of its revocation.
  const member = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const memberPage = await member.newPage();
  await signUp(memberPage, uniqueUser("stale-owner"));
  const theirs = tokenName("overview-stale-theirs");
  await createToken(memberPage, theirs, "Read-Only");
  stale.push(theirs);
  backdate(stale);
  await use(request, busySecret, 24);

  await openFromSidebar(page, OVERVIEW_WORDS.title);
  await expect(page).toHaveURL(/\/admin$/);
  const mostActive = page.getByRole("region", { name: OVERVIEW_WORDS.mostActive });
  await expect(async () => {
    await page.reload();
    await expect(mostActive.getByRole("listitem").filter({ hasText: busy })).toContainText("25", { timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  const requests = page.getByRole("region", { name: OVERVIEW_WORDS.requests });
  await expect(requests.getByRole("figure")).toContainText(/[\d,]+ requests in 24 hours, [\d,]+ refused/);
  await expect(requests.getByTestId("usage-chart").locator("svg.recharts-surface")).toBeVisible();
  await expect(page.getByRole("region", { name: OVERVIEW_WORDS.refusals }).getByRole("figure")).toContainText(/refusals? in 24 hours/);
  await page.getByRole("radio", { name: "7 days" }).check();
  await expect(requests.getByRole("figure")).toContainText(/requests in 7 days/);

  // The busiest token links to itself in All Tokens.
  await expect(mostActive.getByRole("link", { name: busy })).toHaveAttribute("href", /\/admin\/tokens\?/);

  // Unused for 30 days: exactly the two made old; chosen all, confirmed, revoked.
  const unused = page.getByRole("region", { name: OVERVIEW_WORDS.unused });
  const list = unused.getByRole("list", { name: OVERVIEW_WORDS.unused });
  for (const name of stale) await expect(list.getByRole("listitem").filter({ hasText: name })).toBeVisible();
  await expect(list.getByRole("listitem").filter({ hasText: busy })).toHaveCount(0);
  await expectAccessible(page, "the admin Overview");
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `e2e/screenshots/admin-overview-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });

  await unused.getByRole("checkbox", { name: OVERVIEW_WORDS.selectAll }).check();
  const count = await list.getByRole("listitem").count();
  await unused.getByRole("button", { name: OVERVIEW_WORDS.revoke(count) }).click();
  const dialog = page.getByRole("alertdialog", { name: OVERVIEW_WORDS.revokeTitle(count) });
  await dialog.getByRole("button", { name: OVERVIEW_WORDS.revokeConfirm }).click();
  await expect(page.getByRole("status").filter({ hasText: OVERVIEW_WORDS.revoked(count) })).toBeVisible();
  await expect(unused.getByText(OVERVIEW_WORDS.unusedNone(30))).toBeVisible();

  // Gone from All Tokens, each revocation in the audit log.
  await page.goto(`/admin/tokens?q=${encodeURIComponent(stale[0]!)}`);
  await expect(page.getByText(ALL_TOKENS_WORDS.noMatch)).toBeVisible();
  await expect(tokenRow(page, stale[0]!)).toHaveCount(0);
  await page.goto("/admin/audit?action=token.revoked_by_admin");
  const rows = page.getByRole("region", { name: "Audit events" }).getByRole("row");
  for (const name of stale) await expect(rows.filter({ hasText: name })).toContainText("Token revoked by admin");
  await expect(page.getByRole("heading", { name: AUDIT_WORDS.title })).toBeVisible();
  // The member's token is gone from their page, and the notice says an administrator revoked it.
  await memberPage.reload();
  await expect(tokenRow(memberPage, theirs)).toHaveCount(0);
  await expect(memberPage.getByRole("region", { name: "Revoked tokens" }).getByRole("status").filter({ hasText: theirs })).toContainText(
    "was revoked by an administrator",
  );
  await member.close();
});

test("the listing's first-load JavaScript stays under 200 KB gzipped, without the chart library", async ({ page }) => {
  const html = await (await page.request.get("/api-tokens")).text();
  const scripts = [
    ...new Set(
      [...html.matchAll(/<script([^>]*)>/g)].filter((m) => !/nomodule/i.test(m[1]!)).flatMap((m) => /src="([^"]+)"/.exec(m[1]!)?.[1] ?? []),
    ),
  ];
  expect(scripts.length).toBeGreaterThan(0);
  let gzipped = 0;
  for (const src of scripts) {
    const code = await (await page.request.get(src)).text();
    expect(code, `${src} holds recharts`).not.toContain("recharts-surface");
    gzipped += zlib.gzipSync(Buffer.from(code)).byteLength;
  }
  expect(gzipped / 1024).toBeLessThan(200);
});
