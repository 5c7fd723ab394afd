import type { Browser, Page } from "@playwright/test";
import { startInbox, type Inbox } from "../test/smtp-inbox";
import { expect, logIn, signUp, test, uniqueUser } from "./fixtures";
import { freePort, startServer, type RunningServer } from "./support/server";
import { expectAccessible, screenshots } from "./support/accessibility";

// Issue 22: a forgotten password had no way back. With SMTP_URL (and PUBLIC_URL, to write the
// link) "Forgot password?" emails a link that works once; using it ends every other session.
// Without email, the login page says to ask an admin (npm run admin -- reset-password).

/** Console errors of the page (a script the CSP refused among them). */
const consoleErrors = (page: Page) => {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return errors;
};

test.describe("with email", () => {
  let inbox: Inbox;
  let server: RunningServer;
  const signedOut = (browser: Browser) => browser.newContext({ baseURL: server.url, storageState: { cookies: [], origins: [] } });

  test.beforeAll(async () => {
    inbox = await startInbox(await freePort());
    const port = await freePort();
    server = await startServer(port, { SMTP_URL: `smtp://127.0.0.1:${inbox.port}`, PUBLIC_URL: `http://127.0.0.1:${port}` });
  });
  test.afterAll(async () => {
    await server?.stop();
    await inbox?.close();
  });

  test("Forgot password? emails a link that works once and ends the account's other sessions", async ({ browser }) => {
    const user = uniqueUser("forgetful");
    const elsewhere = await signedOut(browser);
    await signUp(await elsewhere.newPage(), user);

    const context = await signedOut(browser);
    const page = await context.newPage();
    const errors = consoleErrors(page);
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot password?" }).click();
    await expect(page.getByRole("heading", { name: "Forgot password", level: 1 })).toBeVisible();
    await expectAccessible(page, "forgot password");
    await screenshots(page, "forgot-password");
    await page.getByLabel("Email").fill(user.email.toUpperCase());
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toHaveText(
      "If an account has this email, we have sent it a link to choose a new password. The link works once, for 30 minutes.",
    );
    await expectAccessible(page, "forgot password, sent");
    await screenshots(page, "forgot-password-sent");

    const mail = await inbox.next(user.email);
    const link = new RegExp(`^${server.url.replace(/\./g, "\\.")}/reset-password#token=[A-Za-z0-9_-]{43}$`, "m").exec(mail.text)?.[0];
    expect(link, mail.text).toBeDefined();
    const token = link!.split("#token=")[1]!;

    await page.goto(link!);
    await expect(page.getByRole("heading", { name: "Choose a new password", level: 1 })).toBeVisible();
    // The token leaves the address bar (and the history) at once.
    await expect.poll(() => page.url()).toBe(`${server.url}/reset-password`);
    await expectAccessible(page, "choose a new password");
    await screenshots(page, "reset-password");
    await page.getByLabel("New password", { exact: true }).fill("a-brand-new-passphrase");
    await page.getByLabel("New password, again").fill("a-brand-new-passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(`${server.url}/account?reset=done`);
    await expect(page.getByRole("status").filter({ hasText: "Your new password is set." })).toBeVisible();
    expect(errors).toEqual([]);

    // The browser that was signed in is signed out.
    const before = await elsewhere.pages()[0]!.goto("/api-tokens");
    expect(before?.url()).toMatch(/\/login$/);

    // The link again, in another browser: refused, and it says what to do.
    const replay = await signedOut(browser);
    const again = await replay.newPage();
    await again.goto(link!);
    await expect(again.getByRole("alert").filter({ hasText: "reset link" })).toHaveText(
      "This reset link has been used already, or a newer one was sent. Ask for a new one if you still need it.",
    );
    await expect(again.getByRole("button", { name: "Set new password" })).toHaveCount(0);
    await expectAccessible(again, "reset link used");
    await screenshots(again, "reset-password-used");

    // The new password opens the account; the old one does not.
    await logIn(again, { ...user, password: "a-brand-new-passphrase" });
    const failing = await signedOut(browser);
    const old = await failing.newPage();
    await old.goto("/login");
    await old.getByLabel("Email").fill(user.email);
    await old.getByLabel("Password").fill(user.password);
    await old.getByRole("button", { name: "Login" }).click();
    await expect(old.getByRole("alert").filter({ hasText: "That email" })).toHaveText("That email and password do not match an account.");

    // The token never reached the server's log, nor a URL it saw.
    expect(server.output()).not.toContain(token);
    for (const open of [context, elsewhere, replay, failing]) await open.close();
  });

  test("an unknown email gets the same answer, and no email", async ({ browser }) => {
    const context = await signedOut(browser);
    const page = await context.newPage();
    await page.goto("/forgot-password");
    await page.getByLabel("Email").fill("no-such-person@example.test");
    await page.getByRole("button", { name: "Send reset link" }).click();
    await expect(page.getByRole("status")).toHaveText(
      "If an account has this email, we have sent it a link to choose a new password. The link works once, for 30 minutes.",
    );
    expect(await inbox.countAfter("no-such-person@example.test", 1000)).toBe(0);
    await context.close();
  });
});

test.describe("without email", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("the login page says to ask an admin, and Forgot password says how", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByText("Forgot your password? Ask an admin to reset it for you.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Forgot password?" })).toHaveCount(0);
    await page.goto("/forgot-password");
    await expect(page.getByRole("heading", { name: "Forgot password", level: 1 })).toBeVisible();
    await expect(page.getByText("This console sends no email. Ask an admin to reset your password")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send reset link" })).toHaveCount(0);
    await expectAccessible(page, "forgot password without email");
  });
});
