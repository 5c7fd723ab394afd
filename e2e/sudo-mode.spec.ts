import type { Page } from "@playwright/test";
import { TWO_FACTOR_WORDS } from "../app/(dashboard)/account/two-factor/words";
import { SUDO_WORDS } from "../components/sudo/words";
import { BASE_URL } from "../playwright.config";
import { SUDO_FIELD_WORDS } from "../lib/validation/sudo";
import { expectAccessible, screenshots } from "./support/accessibility";
import { addPasskeyDevice, signedInLongAgo as signedInLongAgoIn, SUITE_DATABASE } from "./support/sudo";
import {
  closeReveal,
  createDrawer,
  createToken,
  expect,
  fillCreateDrawer,
  secretField,
  signUp,
  test,
  tokenRow,
  uniqueUser,
  CREATE_WORDS,
  FIELD_WORDS,
} from "./fixtures";

// Sudo mode in the browser (issue 28): a session that signed in long ago is asked to confirm it
// is its user before it makes a token, and what was typed in the drawer is still there after.

function signedInLongAgo(email: string) {
  expect(signedInLongAgoIn(SUITE_DATABASE, email)).toBeGreaterThan(0);
}

const sudoDialog = (page: Page) => page.getByRole("dialog", { name: SUDO_WORDS.title });

test("creating a token after the sudo window asks for the password once, then goes on with what was typed", async ({
  browser,
  tokenName,
}) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const user = uniqueUser("sudo");
  await signUp(page, user);
  // Just signed in: no question.
  await createToken(page, tokenName("fresh"));
  await expect(sudoDialog(page)).toHaveCount(0);

  signedInLongAgo(user.email);
  const name = tokenName("after-window");
  await fillCreateDrawer(page, name, "Write");
  await createDrawer(page).getByRole("button", { name: CREATE_WORDS.submit }).click();
  const dialog = sudoDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel(SUDO_WORDS.password)).toBeFocused();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 860 });
    await expectAccessible(page, `the sudo dialog at ${width} px`);
  }
  await screenshots(page, "sudo-dialog");

  // A wrong password: said beside the field; the dialog stays, nothing is made.
  await dialog.getByLabel(SUDO_WORDS.password).fill("not-the-password");
  await dialog.getByRole("button", { name: SUDO_WORDS.confirm }).click();
  await expect(dialog.getByText(SUDO_FIELD_WORDS.wrongPassword)).toBeVisible();
  await expect(tokenRow(page, name)).toHaveCount(0);

  // The right one: the dialog closes and the drawer shows the new token's secret, not typed twice.
  await dialog.getByLabel(SUDO_WORDS.password).fill(user.password);
  await page.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await expect(secretField(page)).toBeVisible();
  await closeReveal(page);
  await expect(tokenRow(page, name)).toBeVisible();

  // Confirmed: the next change in the window is not asked again.
  await createToken(page, tokenName("inside-window"));
  await expect(sudoDialog(page)).toHaveCount(0);
  await context.close();
});

test("cancelling the confirmation keeps the drawer and its input, and says nothing was changed", async ({ browser, tokenName }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const user = uniqueUser("sudo-cancel");
  await signUp(page, user);
  signedInLongAgo(user.email);
  const name = tokenName("cancelled");
  await fillCreateDrawer(page, name, "Read-Only");
  await createDrawer(page).getByRole("button", { name: CREATE_WORDS.submit }).click();
  await expect(sudoDialog(page)).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(sudoDialog(page)).toHaveCount(0);
  await expect(createDrawer(page)).toBeVisible();
  await expect(createDrawer(page).getByRole("alert")).toContainText("nothing was changed");
  await expect(createDrawer(page).getByLabel(FIELD_WORDS.name)).toHaveValue(name);
  await context.close();
});

test("with a passkey, the confirmation is a touch of the passkey, and the token is made", async ({ browser, tokenName }) => {
  // An IP address cannot be a WebAuthn relying party: localhost can.
  const context = await browser.newContext({
    baseURL: BASE_URL.replace("127.0.0.1", "localhost"),
    storageState: { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  await addPasskeyDevice(page);
  const user = uniqueUser("sudo-passkey");
  await signUp(page, user);
  await page.goto("/account/two-factor");
  await page.getByLabel(TWO_FACTOR_WORDS.passkeyName).fill("Laptop");
  await page.getByRole("button", { name: TWO_FACTOR_WORDS.addPasskey }).click();
  await expect(page.getByRole("list", { name: TWO_FACTOR_WORDS.passkeysTitle }).getByText("Laptop")).toBeVisible();

  signedInLongAgo(user.email);
  await page.goto("/api-tokens");
  const name = tokenName("by-passkey");
  await fillCreateDrawer(page, name, "Read-Only");
  await createDrawer(page).getByRole("button", { name: CREATE_WORDS.submit }).click();
  const dialog = sudoDialog(page);
  await expect(dialog.getByRole("button", { name: SUDO_WORDS.passkey })).toBeVisible();
  await expect(dialog.getByLabel(SUDO_WORDS.password)).toBeVisible();
  await expectAccessible(page, "the sudo dialog with a passkey");
  await dialog.getByRole("button", { name: SUDO_WORDS.passkey }).click();
  await expect(dialog).toHaveCount(0);
  await expect(secretField(page)).toBeVisible();
  await closeReveal(page);
  await expect(tokenRow(page, name)).toBeVisible();
  await context.close();
});
