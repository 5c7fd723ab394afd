// How to drive the console: the one place that knows its labels and steps, used by the
// end-to-end tests and by the demos (e2e/demo/). Locators go by role and accessible name, with
// the words of the cloud console's guide. A Driver does the clicking and typing: plainly in
// the tests, visibly and at a watchable pace in a demo.
import { expect, type Locator, type Page } from "@playwright/test";

export type Driver = {
  page: Page;
  click(target: Locator): Promise<void>;
  type(target: Locator, text: string): Promise<void>;
};

/** Clicks and types as fast as the page allows. */
export function plainDriver(page: Page): Driver {
  return { page, click: (target) => target.click(), type: (target, text) => target.fill(text) };
}

/** Every step takes a page (driven plainly) or a Driver. */
export type PageOrDriver = Page | Driver;
const driverOf = (value: PageOrDriver): Driver => ("type" in value && "page" in value ? (value as Driver) : plainDriver(value as Page));

export type User = { name: string; email: string; password: string };

let counter = 0;
/** A user no other test, demo or earlier run has made. */
export function uniqueUser(label: string): User {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `${label} ${id}`, email: `${label}-${id}@example.test`, password: `pass-phrase-${id}` };
}

// --- Where things are -------------------------------------------------------------------------

export const sidebarLink = (page: Page, name: string) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name });
export const createDrawer = (page: Page) => page.getByRole("dialog", { name: "Create API Key" });
export const secretField = (page: Page) => createDrawer(page).getByLabel("Your API token");
export function tokenRow(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("cell").getByText(name, { exact: true }) });
}

// --- The steps people take ----------------------------------------------------------------------

/** Sign-up; on a console without accounts the same form reads "Create the admin account". */
export async function signUp(on: PageOrDriver, user: User) {
  const { page, click, type } = driverOf(on);
  await page.goto("/signup");
  await type(page.getByLabel("Name"), user.name);
  await type(page.getByLabel("Email"), user.email);
  await type(page.getByLabel("Password"), user.password);
  await click(page.getByRole("button", { name: /^(Sign up|Create the admin account)$/ }));
  await expect(page).toHaveURL(/\/api-tokens$/);
}

export async function logIn(on: PageOrDriver, user: User) {
  const { page, click, type } = driverOf(on);
  await page.goto("/login");
  await type(page.getByLabel("Email"), user.email);
  await type(page.getByLabel("Password"), user.password);
  await click(page.getByRole("button", { name: "Login" }));
  await expect(page).toHaveURL(/\/api-tokens/);
}

/** The sidebar's entry, then its page's heading. */
export async function openFromSidebar(on: PageOrDriver, link: string, heading = link) {
  const { page, click } = driverOf(on);
  await click(sidebarLink(page, link));
  await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
}

/** Create API Key → API Name and Access Scope, with the drawer left open before Add New API. */
export async function fillCreateDrawer(on: PageOrDriver, name: string, scope: "Read-Only" | "Write") {
  const { page, click, type } = driverOf(on);
  await click(page.getByRole("button", { name: "Create API Key" }));
  const drawer = createDrawer(page);
  await expect(drawer).toBeVisible();
  await type(drawer.getByLabel("API Name"), name);
  await click(drawer.getByRole("radio", { name: scope }));
  await expect(drawer.getByRole("radio", { name: scope })).toBeChecked();
}

/** Add New API: the drawer turns into the one-time reveal; returns the secret. */
export async function submitCreateDrawer(on: PageOrDriver): Promise<string> {
  const { page, click } = driverOf(on);
  await click(createDrawer(page).getByRole("button", { name: "Add New API" }));
  await expect(secretField(page)).toBeVisible();
  const secret = await secretField(page).inputValue();
  expect(secret).toMatch(/^tkc_[0-9A-Za-z]{49}$/);
  return secret;
}

/** The question a reveal asks when it is closed before its secret was copied. */
export const uncopiedQuestion = (page: Page) => page.getByRole("alertdialog", { name: "Close without copying?" });

/**
 * Done: the drawer closes and forgets the secret. Unless it was copied, the reveal asks first
 * ("Close without copying?"), and this answers it: close.
 */
export async function closeReveal(on: PageOrDriver, { copied = false }: { copied?: boolean } = {}) {
  const { page, click } = driverOf(on);
  await click(createDrawer(page).getByRole("button", { name: "Done" }));
  if (!copied) await click(uncopiedQuestion(page).getByRole("button", { name: "Close without copying" }));
  await expect(createDrawer(page)).toBeHidden();
}

/** Creates a token through the drawer and returns its one-time secret, with the drawer closed. */
export async function createToken(on: PageOrDriver, name: string, scope: "Read-Only" | "Write" = "Read-Only") {
  await fillCreateDrawer(on, name, scope);
  const secret = await submitCreateDrawer(on);
  await closeReveal(on);
  await expect(tokenRow(driverOf(on).page, name)).toBeVisible();
  return secret;
}

/**
 * Opens a row's confirmation (Delete, or an admin's Revoke). Judge the page behind it only once
 * the dialog has closed: while it is open the rest of the page is aria-hidden.
 */
export async function openRowConfirmation(on: PageOrDriver, name: string, button: "Delete" | "Revoke", title: string) {
  const { page, click } = driverOf(on);
  await click(tokenRow(page, name).getByRole("button", { name: button }));
  const dialog = page.getByRole("alertdialog", { name: title });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Confirms an open row confirmation and waits for its notice: the change has been made. */
export async function confirmRowConfirmation(on: PageOrDriver, dialog: Locator, confirmLabel: string, notice: string | RegExp) {
  const { page, click } = driverOf(on);
  await click(dialog.getByRole("button", { name: confirmLabel }));
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: notice })).toBeVisible();
}

/**
 * Roll, with the overlap chosen: returns the new secret, shown once in the creation panel, with
 * the panel closed (after **Copy** when `copy` is set; else by answering "Close without copying?").
 */
export async function rollToken(
  on: PageOrDriver,
  name: string,
  overlap: "Immediately" | "In 1 hour" | "In 24 hours" | "In 7 days",
  { copy = false }: { copy?: boolean } = {},
) {
  const { page, click } = driverOf(on);
  await click(tokenRow(page, name).getByRole("button", { name: `Roll ${name}`, exact: true }));
  const dialog = page.getByRole("dialog", { name: `Roll “${name}”?` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Rolling because the secret leaked? Choose")).toBeVisible();
  await click(dialog.getByRole("radio", { name: overlap }));
  await click(dialog.getByRole("button", { name: "Roll token" }));
  await expect(dialog).toBeHidden();
  const panel = page.getByRole("dialog", { name: "Roll token" });
  await expect(panel.getByLabel("Your API token")).toBeVisible();
  const secret = await panel.getByLabel("Your API token").inputValue();
  expect(secret).toMatch(/^tkc_[0-9A-Za-z]{49}$/);
  if (copy) {
    await click(panel.getByRole("button", { name: "Copy", exact: true }));
    await expect(panel.getByRole("button", { name: "Copied" })).toBeVisible();
  }
  await click(panel.getByRole("button", { name: "Done" }));
  if (!copy) await click(uncopiedQuestion(page).getByRole("button", { name: "Close without copying" }));
  await expect(panel).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: `Token “${name}” was rolled` })).toBeVisible();
  return secret;
}

/** Delete, confirmed: returns once the server has deleted the token and the row is gone. */
export async function deleteToken(on: PageOrDriver, name: string) {
  const dialog = await openRowConfirmation(on, name, "Delete", `Delete “${name}”?`);
  await confirmRowConfirmation(on, dialog, "Delete token", `Token “${name}” was deleted`);
  await expect(tokenRow(driverOf(on).page, name)).toHaveCount(0);
}

export async function logOut(on: PageOrDriver) {
  const { page, click } = driverOf(on);
  await click(page.getByRole("button", { name: "Log out" }).first());
  await expect(page).toHaveURL(/\/login/);
}

/** Opens a token's details panel from its name in the listing; returns the panel once its details are in. */
export async function openTokenDetails(on: PageOrDriver, name: string) {
  const { page, click } = driverOf(on);
  await click(tokenRow(page, name).getByRole("button", { name, exact: true }));
  const panel = page.getByRole("dialog", { name });
  await expect(panel.getByRole("heading", { name: "Recent addresses" })).toBeVisible();
  return panel;
}

/**
 * Edit, from the row's Edit (or, with `fromPanel`, the open details panel's): the fields given
 * are replaced (allowed IPs one per line), then saved; returns once the notice says the token
 * was updated, with the panel back on its details.
 */
export async function editToken(
  on: PageOrDriver,
  name: string,
  changes: { name?: string; description?: string; allowedIps?: string[] },
  { fromPanel = false } = {},
) {
  const { page, click, type } = driverOf(on);
  await click(
    fromPanel
      ? page.getByRole("dialog", { name }).getByRole("button", { name: "Edit", exact: true })
      : tokenRow(page, name).getByRole("button", { name: `Edit ${name}`, exact: true }),
  );
  const panel = page.getByRole("dialog", { name: `Edit “${name}”` });
  await expect(panel.getByLabel("API Name")).toHaveValue(name);
  if (changes.name !== undefined) await replace(type, panel.getByLabel("API Name"), changes.name);
  if (changes.description !== undefined) await replace(type, panel.getByLabel("Description"), changes.description);
  if (changes.allowedIps !== undefined) await replace(type, panel.getByLabel("Allowed IPs"), changes.allowedIps.join("\n"));
  await click(panel.getByRole("button", { name: "Save changes" }));
  const now = changes.name ?? name;
  await expect(page.getByRole("status").filter({ hasText: `Token “${now}” was updated` })).toBeVisible();
  const details = page.getByRole("dialog", { name: now });
  await expect(details.getByRole("heading", { name: "Recent addresses" })).toBeVisible();
  return details;
}

async function replace(type: Driver["type"], field: Locator, text: string) {
  await field.clear();
  if (text) await type(field, text);
}
