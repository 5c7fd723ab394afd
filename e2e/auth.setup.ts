import { expect, test as setup } from "@playwright/test";
import { signUp, uniqueUser } from "./fixtures";

// Signs up one member through the UI and saves the session, so the other tests start logged in.
setup("sign up a member and save the session", async ({ page }) => {
  await signUp(page, uniqueUser("member"));
  await expect(page.getByRole("heading", { name: "API Token", level: 1 })).toBeVisible();
  await page.context().storageState({ path: "e2e/.auth/user.json" });
});
