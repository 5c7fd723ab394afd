import { expect, test as setup } from "@playwright/test";
import { signUp, uniqueUser } from "./fixtures";

// Signs up the first account of the fresh database through the UI (it becomes the admin) and
// saves the session, so the other tests start logged in. Its one-time welcome is dismissed, so
// that the other tests see the page as every later visit shows it (e2e/first-run.spec.ts reads it).
setup("sign up the first account (the admin) and save the session", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("heading", { name: "Create the admin account", level: 1 })).toBeVisible();
  await signUp(page, uniqueUser("admin"));
  await expect(page.getByRole("heading", { name: "API Token", level: 1 })).toBeVisible();
  const welcome = page.getByRole("region", { name: "You are this console’s admin" });
  await welcome.getByRole("button", { name: "Got it" }).click();
  await expect(welcome).toBeHidden();
  await page.context().storageState({ path: "e2e/.auth/user.json" });
});
