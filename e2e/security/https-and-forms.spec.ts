import { expect, signUp, test, uniqueUser } from "../fixtures";
import { startServer, type RunningServer } from "../support/server";

// Findings 7 and 9, on servers of their own: one told it is served over HTTPS, one whose log
// the test reads.

test.describe("behind HTTPS, with PUBLIC_URL=https://… (finding 7)", () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await startServer(3142, { PUBLIC_URL: "https://tokens.example.test" });
  });
  test.afterAll(async () => server.stop());

  test("every answer carries HSTS, the session cookie is Secure and __Host-, and links use the public URL", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: server.url });
    const page = await context.newPage();
    const loginPage = await page.goto("/login");
    expect(loginPage!.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    const api = await page.request.get("/v2/openapi.json");
    expect(api.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect((await api.json()).servers).toEqual([{ url: "https://tokens.example.test/v2" }]);

    const setCookies: string[] = [];
    page.on("response", async (response) => {
      // A response still arriving as the page closes has no headers to read: it is not one the test asserts on.
      const headers = await response.headersArray().catch(() => []);
      for (const header of headers) if (header.name.toLowerCase() === "set-cookie") setCookies.push(header.value);
    });
    await signUp(page, uniqueUser("https"));
    const session = setCookies.find((cookie) => cookie.startsWith("__Host-token-console.session="));
    expect(session).toBeDefined();
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; Path=\//i);
    expect(session).not.toMatch(/; Domain=/i);
    await page.goto("/api-docs");
    await expect(page.getByText("https://tokens.example.test/v2", { exact: true })).toBeVisible();
    await context.close();
  });
});

test.describe("forms that carry a password (finding 9)", () => {
  let server: RunningServer;
  test.beforeAll(async () => {
    server = await startServer(3143);
  });
  test.afterAll(async () => server.stop());

  test("post, and work without JavaScript; no password reaches a URL or the log", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: server.url, javaScriptEnabled: false });
    const page = await context.newPage();
    const urls: string[] = [];
    page.on("request", (request) => urls.push(request.url()));
    const user = uniqueUser("no-js");

    await page.goto("/signup");
    await expect(page.locator("form")).toHaveAttribute("method", /post/i);
    await page.getByLabel("Name").fill(user.name);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    // This console is fresh: its first sign-up is the admin's, on the same form, posted the same way.
    await page.getByRole("button", { name: "Create the admin account" }).click();
    await expect(page).toHaveURL(/\/api-tokens$/);
    await expect(page.getByRole("heading", { name: "API Token", level: 1 })).toBeVisible();

    await page.getByRole("button", { name: "Log out" }).first().click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("a-wrong-password-typed");
    await page.getByRole("button", { name: "Login" }).click();
    await expect(page.getByText("That email and password do not match an account.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveValue(user.email);
    await expect(page.getByLabel("Password")).toHaveValue("");
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Login" }).click();
    await expect(page).toHaveURL(/\/api-tokens$/);

    for (const url of urls) {
      expect(url).not.toContain(encodeURIComponent(user.password));
      expect(url).not.toContain("a-wrong-password-typed");
      expect(url).not.toContain("password=");
    }
    expect(server.output()).not.toContain(user.password);
    expect(server.output()).not.toContain("a-wrong-password-typed");
    await context.close();
  });
});
