import { execFileSync } from "node:child_process";
import type { Browser, Page } from "@playwright/test";
import { AUDIT_WORDS } from "../app/(dashboard)/admin/words";
import { TEAM_WORDS, TEAMS_WORDS } from "../app/(dashboard)/teams/words";
import { SSO_WORDS } from "../app/(auth)/words";
import { MESSAGES } from "../lib/model";
import { expect, logOut, signUp, test, uniqueUser } from "./fixtures";
import { expectAccessible, screenshots } from "./support/accessibility";
import { IDP_SCOPES, signInAtProvider, startIdentityProvider, type IdentityProvider } from "./support/identity-provider";
import { freePort, startServer, type RunningServer } from "./support/server";

// Issue 27: single sign-on through a real OpenID Connect provider (oidc-provider, on loopback),
// with Chromium going through its login page and back: an account made at the first sign-in, an
// existing one linked by a verified email and never by an unverified one, a disabled account
// refused, a tampered state refused, the team claim joined and left, and OIDC_ONLY.

const NAME = "Acme ID";
let idp: IdentityProvider;
let console_: RunningServer;
let only: RunningServer;
let admin: Page;

const signedOut = async (browser: Browser, server: RunningServer) =>
  (
    await browser.newContext({ baseURL: server.url, storageState: { cookies: [], origins: [] }, viewport: { width: 1280, height: 860 } })
  ).newPage();

/** Login, the provider's button, the provider's login page as `login`, and back to the console. */
async function signInWithProvider(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: SSO_WORDS.button(NAME) }).click();
  await page.waitForURL((url) => url.origin === idp.issuer, { waitUntil: "commit" });
  await signInAtProvider(page, login);
}

const sidebar = (page: Page) => page.getByRole("complementary", { name: "Sidebar" });
/** The admin's part of the sidebar: shown to an installation admin only. */
const adminLink = (page: Page) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: AUDIT_WORDS.title });

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ browser }) => {
  const [idpPort, port, onlyPort] = [await freePort(), await freePort(), await freePort()];
  const callback = (p: number) => `http://127.0.0.1:${p}/api/auth/callback/oidc`;
  idp = await startIdentityProvider({ port: idpPort, redirectUris: [callback(port), callback(onlyPort)] });
  const sso = {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_NAME: NAME,
    OIDC_SCOPES: IDP_SCOPES,
    OIDC_TEAM_CLAIM: "groups",
  };
  [console_, only] = await Promise.all([
    startServer(port, { ...sso, PUBLIC_URL: `http://127.0.0.1:${port}` }),
    startServer(onlyPort, { ...sso, PUBLIC_URL: `http://127.0.0.1:${onlyPort}`, OIDC_ONLY: "1" }),
  ]);
  // The console's admin, by password (SSO is offered beside it, not instead).
  admin = await signedOut(browser, console_);
  await signUp(admin, uniqueUser("sso-admin"));
});

test.afterAll(async () => {
  await Promise.all([console_?.stop(), only?.stop()]);
  await idp?.stop();
});

test("the first sign-in makes the account and joins the teams the claim names; a later one leaves those it no longer names", async ({
  browser,
}) => {
  const stamp = Date.now().toString(36);
  const teamName = `Platform ${stamp}`;
  await admin.goto("/teams");
  await admin.getByLabel(TEAMS_WORDS.teamName).fill(teamName);
  await admin.getByRole("button", { name: TEAMS_WORDS.createTeam }).click();
  await expect(admin.getByRole("heading", { name: teamName, level: 1 })).toBeVisible();
  const teamUrl = admin.url();

  const ada = { login: `ada-${stamp}`, email: `ada-${stamp}@example.test` };
  idp.setAccount(ada.login, {
    email: ada.email,
    email_verified: true,
    name: "Ada Lovelace",
    groups: [teamName.toUpperCase(), "No such team"],
  });
  const page = await signedOut(browser, console_);
  await page.goto("/login");
  // Both ways in, the provider's first.
  await expect(page.getByRole("button", { name: SSO_WORDS.button(NAME) })).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectAccessible(page, "login with single sign-on");
  await screenshots(page, "login-sso");
  await page.setViewportSize({ width: 1280, height: 860 });

  await signInWithProvider(page, ada.login);
  await expect(page).toHaveURL(`${console_.url}/api-tokens`);
  await expect(sidebar(page).getByText("Ada Lovelace")).toBeVisible();
  await expect(adminLink(page)).toHaveCount(0);

  // In the team, as a Member, by single sign-on; the owner sees where the membership came from.
  await page.goto("/teams");
  await expect(page.getByRole("link", { name: teamName })).toBeVisible();
  await admin.goto(teamUrl);
  const adaRow = admin.getByRole("row").filter({ hasText: ada.email });
  await expect(adaRow.getByRole("cell", { name: TEAM_WORDS.source.claim, exact: true })).toBeVisible();

  // The claim drops the team: at the next sign-in, Ada leaves it.
  idp.setAccount(ada.login, { email: ada.email, email_verified: true, name: "Ada Lovelace", groups: [] });
  await logOut(page);
  await signInWithProvider(page, ada.login);
  await expect(page).toHaveURL(`${console_.url}/api-tokens`);
  await page.goto("/teams");
  await expect(page.getByText(TEAMS_WORDS.empty)).toBeVisible();
  await admin.reload();
  await expect(admin.getByRole("row").filter({ hasText: ada.email })).toHaveCount(0);

  // Each step is in the audit log.
  await admin.goto(`/admin/audit?user=${encodeURIComponent(ada.email)}`);
  const log = admin.getByRole("region", { name: "Audit events" });
  for (const action of ["Account created by single sign-on", "Joined the team", "Removed from the team", "Logged in"])
    await expect(log.getByText(action, { exact: true }).first()).toBeVisible();
  await expect(admin.getByLabel(AUDIT_WORDS.user)).toHaveValue(ada.email);
  await page.context().close();
});

test("an unverified email opens nothing, not even the account that has it; a verified one links that account", async ({ browser }) => {
  const bob = uniqueUser("sso-bob");
  const page = await signedOut(browser, console_);
  await signUp(page, bob);
  await logOut(page);

  idp.setAccount(`bob-unverified-${bob.email}`, { email: bob.email, email_verified: false, name: "Mallory" });
  await signInWithProvider(page, `bob-unverified-${bob.email}`);
  await expect(page).toHaveURL(/\/login\?sso=unverified$/);
  await expect(page.getByRole("alert").filter({ hasText: SSO_WORDS.refused.unverified(NAME) })).toBeVisible();
  await expectAccessible(page, "login, single sign-on refused");
  await page.goto("/api-tokens");
  await expect(page).toHaveURL(/\/login$/);

  idp.setAccount(`bob-${bob.email}`, { email: bob.email.toUpperCase(), email_verified: true, name: "Not Bob" });
  await signInWithProvider(page, `bob-${bob.email}`);
  await expect(page).toHaveURL(`${console_.url}/api-tokens`);
  // The same account, not a new one: its own name.
  await expect(sidebar(page).getByText(bob.name)).toBeVisible();
  await page.context().close();
});

test("a disabled account cannot sign in through the provider; a tampered state is refused", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const cy = { login: `cy-${stamp}`, email: `cy-${stamp}@example.test` };
  idp.setAccount(cy.login, { email: cy.email, email_verified: true, name: "Cy" });
  const page = await signedOut(browser, console_);
  await signInWithProvider(page, cy.login);
  await expect(page).toHaveURL(`${console_.url}/api-tokens`);

  // Offboarded on the server: the session ends, and the provider's word opens nothing.
  execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/admin.ts", "disable", cy.email], {
    env: { ...process.env, DATA_DIR: console_.dataDir, DATABASE_URL: "" },
    stdio: "pipe",
  });
  await page.goto("/api-tokens");
  await expect(page).toHaveURL(/\/login$/);
  await signInWithProvider(page, cy.login);
  await expect(page).toHaveURL(/\/login\?sso=disabled$/);
  await expect(page.getByRole("alert").filter({ hasText: MESSAGES.accountDisabled })).toBeVisible();

  // A callback whose state is not the one this browser's sign-in was given: no session, no account.
  // The provider is asked with another state (the browser goes to it from the sign-in's answer,
  // which a route sees; the callback comes by redirect, which a route does not), and echoes it.
  const eve = { login: `eve-${stamp}`, email: `eve-${stamp}@example.test` };
  idp.setAccount(eve.login, { email: eve.email, email_verified: true });
  let tampered = 0;
  await page.route(
    (url) => url.origin === idp.issuer && url.pathname === "/auth" && url.searchParams.has("state"),
    (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set("state", `${url.searchParams.get("state")}x`);
      tampered++;
      return route.continue({ url: url.toString() });
    },
  );
  await signInWithProvider(page, eve.login);
  await expect(page).toHaveURL(/\/login\?(.*&)?error=OAuthCallback$/);
  expect(tampered).toBe(1);
  await expect(page.getByRole("alert").filter({ hasText: SSO_WORDS.refused.failed(NAME) })).toBeVisible();
  await page.unrouteAll();
  await page.goto("/api-tokens");
  await expect(page).toHaveURL(/\/login$/);
  await admin.goto(`/admin/users?q=${encodeURIComponent(eve.email)}`);
  await expect(admin.getByText(eve.email)).toHaveCount(0);
  await page.context().close();
});

test("next-auth's endpoints take any callbackUrl without a 500, and a sign-in sent elsewhere comes back to a page of ours", async ({
  browser,
}) => {
  const page = await signedOut(browser, console_);
  const odd = ["%", "%2F%2Fevil.example", `${console_.url}.evil.example/`, "//evil.example", "https://evil.example/"];
  for (const callbackUrl of odd) {
    const query = `callbackUrl=${encodeURIComponent(callbackUrl)}`;
    for (const path of ["csrf", "providers", "signin", "error"]) {
      const response = await page.request.get(`/api/auth/${path}?${query}`, { maxRedirects: 0 });
      expect(response.status(), `${path} ${callbackUrl}`).toBeLessThan(500);
    }
    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const started = await page.request.post("/api/auth/signin/oidc", {
      form: { csrfToken, callbackUrl, json: "true" },
      maxRedirects: 0,
    });
    expect(started.status(), `sign-in ${callbackUrl}`).toBe(200);
  }
  // A callback-url cookie planted by someone else (a sibling site, say) breaks no sign-in.
  await page.context().addCookies([{ name: "next-auth.callback-url", value: "%", url: console_.url }]);
  expect((await page.request.get("/api/auth/csrf")).status()).toBe(200);
  // The last one started a sign-in for https://evil.example/: it ends on the console.
  const stamp = Date.now().toString(36);
  idp.setAccount(`far-${stamp}`, { email: `far-${stamp}@example.test`, email_verified: true });
  await page.goto(`/login?callbackUrl=${encodeURIComponent("//evil.example/x")}`);
  await page.getByRole("button", { name: SSO_WORDS.button(NAME) }).click();
  await page.waitForURL((url) => url.origin === idp.issuer, { waitUntil: "commit" });
  await signInAtProvider(page, `far-${stamp}`);
  await expect(page).toHaveURL(`${console_.url}/api-tokens`);
  expect(console_.output()).not.toContain("Invalid URL");
  await page.context().close();
});

test("OIDC_ONLY: the login page is the provider's button alone, the first person in is the admin, and sign-up and resets lead back to it", async ({
  browser,
}) => {
  const page = await signedOut(browser, only);
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Login", level: 1 })).toBeVisible();
  await expect(page.getByText(SSO_WORDS.onlySubtitle(NAME))).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await expectAccessible(page, "login, single sign-on only");
  await screenshots(page, "login-sso-only");
  await page.setViewportSize({ width: 1280, height: 860 });
  for (const path of ["/signup", "/forgot-password", "/reset-password"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/login$/);
  }

  const stamp = Date.now().toString(36);
  idp.setAccount(`first-${stamp}`, { email: `first-${stamp}@example.test`, email_verified: true, name: "First In" });
  await page.goto("/login?callbackUrl=%2Fteams");
  await page.getByRole("button", { name: SSO_WORDS.button(NAME) }).click();
  await page.waitForURL((url) => url.origin === idp.issuer, { waitUntil: "commit" });
  await signInAtProvider(page, `first-${stamp}`);
  // Back where the sign-in started from, as the admin of this console.
  await expect(page).toHaveURL(`${only.url}/teams`);
  await expect(adminLink(page)).toBeVisible();
  await page.context().close();
});
