import { expect, test as setup } from "@playwright/test";
import { signUp, uniqueUser } from "./fixtures";

// Signs up the first account of the fresh database through the UI (it becomes the admin) and
// saves the session, so the other tests start logged in.
setup("sign up the first account (the admin) and save the session", async ({ page }) => {
  await signUp(page, uniqueUser("admin"));
  await expect(page.getByRole("heading", { name: "API Token", level: 1 })).toBeVisible();
  await page.context().storageState({ path: "e2e/.auth/user.json" });
});
