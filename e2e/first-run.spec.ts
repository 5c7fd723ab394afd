import type { Page } from "@playwright/test";
import { ALL_TOKENS_WORDS, expect, LISTING_WORDS, test, uniqueUser } from "./fixtures";
import { freePort, startServer, type RunningServer } from "./support/server";
import { expectAccessible, screenshots } from "./support/accessibility";

// Issue 22, "first run": a console with no accounts opened on Login, where no one can log in.
// It opens on creating its admin, also with SIGNUP=closed, and that admin is told once what it
// can do and where. Each case has a fresh console of its own (the suite's server has accounts).

test.use({ storageState: { cookies: [], origins: [] } });

const createAdminAccount = async (page: Page, user: { name: string; email: string; password: string }) => {
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create the admin account" }).click();
  await expect(page.getByRole("heading", { name: LISTING_WORDS.title, level: 1 })).toBeVisible();
};

test.describe("a console without accounts", () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await startServer(await freePort());
  });
  test.afterAll(async () => server?.stop());

  test("opens on Create the admin account; the admin is then told, once, what it can do and where", async ({ page, browser }) => {
    for (const path of ["/", "/login", "/api-tokens"]) {
      await page.goto(`${server.url}${path}`);
      await expect(page).toHaveURL(`${server.url}/signup`);
    }
    await expect(page.getByRole("heading", { name: "Create the admin account", level: 1 })).toBeVisible();
    await expect(page).toHaveTitle("Create the admin account · Token Console");
    await expect(page.getByText("The first one is its admin")).toBeVisible();
    await expectAccessible(page, "create the admin account");
    await screenshots(page, "first-run");

    await createAdminAccount(page, uniqueUser("first-admin"));
    const welcome = page.getByRole("region", { name: "You are this console’s admin" });
    await expect(welcome).toBeVisible();
    await expect(welcome.getByRole("link", { name: "All Tokens" })).toHaveAttribute("href", "/admin/tokens");
    await expect(welcome.getByRole("link", { name: "Compliance" })).toHaveAttribute("href", "/admin/compliance");
    await expect(welcome.getByRole("link", { name: "Audit Log" })).toHaveAttribute("href", "/admin/audit");
    await expect(welcome.getByRole("link", { name: "Users" })).toHaveAttribute("href", "/admin/users");
    await expectAccessible(page, "the admin's welcome");
    await screenshots(page, "first-run-welcome");

    // It stays until read: a reload, or a visit to the page it names, does not lose it.
    await welcome.getByRole("link", { name: "All Tokens" }).click();
    await expect(page.getByRole("heading", { name: ALL_TOKENS_WORDS.title, level: 1 })).toBeVisible();
    await page.goto(`${server.url}/api-tokens`);
    await expect(welcome).toBeVisible();
    await welcome.getByRole("button", { name: "Got it" }).click();
    await expect(welcome).toBeHidden();
    await page.reload();
    await expect(page.getByRole("heading", { name: LISTING_WORDS.title, level: 1 })).toBeVisible();
    await expect(welcome).toHaveCount(0);

    // Now the console has its admin: the login page is the login page, sign-up makes members, who get no welcome.
    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const visitor = await other.newPage();
    await visitor.goto(`${server.url}/login`);
    await expect(visitor.getByRole("heading", { name: "Login", level: 1 })).toBeVisible();
    await visitor.goto(`${server.url}/signup`);
    await expect(visitor.getByRole("heading", { name: "Sign up", level: 1 })).toBeVisible();
    const member = uniqueUser("second");
    await visitor.getByLabel("Name").fill(member.name);
    await visitor.getByLabel("Email").fill(member.email);
    await visitor.getByLabel("Password").fill(member.password);
    await visitor.getByRole("button", { name: "Sign up" }).click();
    await expect(visitor.getByRole("heading", { name: LISTING_WORDS.title, level: 1 })).toBeVisible();
    await expect(visitor.getByRole("region", { name: "You are this console’s admin" })).toHaveCount(0);
    await expect(visitor.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "All Tokens" })).toHaveCount(0);
    await other.close();
  });
});

test.describe("SIGNUP=closed, without accounts", () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await startServer(await freePort(), { SIGNUP: "closed" });
  });
  test.afterAll(async () => server?.stop());

  test("the page says to create the admin account on the server, and offers no form to whoever comes first", async ({ page }) => {
    await page.goto(`${server.url}/login`);
    await expect(page).toHaveURL(`${server.url}/signup`);
    await expect(page.getByRole("heading", { name: "Create the admin account", level: 1 })).toBeVisible();
    await expect(page.getByText("npm run admin -- create you@example.com --admin")).toBeVisible();
    await expect(page.getByRole("textbox")).toHaveCount(0);
    await expectAccessible(page, "create the admin account, sign-up closed");
  });
});
