// How to drive the console: the one place that knows its labels and steps, used by the
// end-to-end tests and by the demos (e2e/demo/). Locators go by role and accessible name, with
// the words of the cloud console's guide. A Driver does the clicking and typing: plainly in
// the tests, visibly and at a watchable pace in a demo.
import { expect, type Locator, type Page } from "@playwright/test";
import {
  CREATE_WORDS,
  DELETE_WORDS,
  EDIT_WORDS,
  FIELD_WORDS,
  LISTING_WORDS,
  PICKER_WORDS,
  REVEAL_WORDS,
  ROLL_WORDS,
  ROW_WORDS,
  UNCOPIED_SECRET,
} from "../../app/(dashboard)/api-tokens/words";
import { DETAILS_WORDS } from "../../components/token-details/words";
import { CONTEXT_WORDS } from "../../components/app-shell/words";
import type { ROLL_OVERLAPS } from "../../lib/model";

// The screens' own words, for the tests' and demos' labels: the same module the screens show them from.
export * from "../../app/(dashboard)/api-tokens/words";
export { ACCOUNT_WORDS } from "../../app/(dashboard)/account/words";
export { ALL_TOKENS_WORDS, AUDIT_WORDS } from "../../app/(dashboard)/admin/words";
export { DETAILS_WORDS } from "../../components/token-details/words";
export { CONTEXT_WORDS } from "../../components/app-shell/words";
export { TEAM_WORDS, TEAMS_WORDS } from "../../app/(dashboard)/teams/words";
export { USERS_WORDS, ACCOUNT_WORDS as OFFBOARDING_WORDS } from "../../app/(dashboard)/admin/users/words";
export { TOKEN_COLUMN_WORDS } from "../../components/token-table/words";
export { SCOPE_LABELS } from "../../lib/scopes";
export { PERMISSIONS_REQUIRED } from "../../lib/validation/api-token";

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
export const createDrawer = (page: Page) => page.getByRole("dialog", { name: CREATE_WORDS.title });
export const secretField = (page: Page) => createDrawer(page).getByLabel(REVEAL_WORDS.secret);
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

/**
 * The sidebar's "Tokens of" switcher: `context` is a team's name, or CONTEXT_WORDS.personal. Waits
 * for the page it asks for (a team's has ?team=).
 */
export async function switchContext(on: PageOrDriver, context: string) {
  const { page } = driverOf(on);
  const personal = context === CONTEXT_WORDS.personal;
  await page.getByRole("complementary", { name: "Sidebar" }).getByLabel(CONTEXT_WORDS.label).selectOption({ label: context });
  await page.waitForURL((url) => url.pathname === "/api-tokens" && Boolean(url.searchParams.get("team")) !== personal);
  await expect(page.getByRole("heading", { name: LISTING_WORDS.title, level: 1 })).toBeVisible();
}

/** Create API Key → API Name and Access Scope, with the drawer left open before Add New API. */
export async function fillCreateDrawer(on: PageOrDriver, name: string, scope: "Read-Only" | "Write") {
  const { page, click, type } = driverOf(on);
  await click(page.getByRole("button", { name: CREATE_WORDS.open }));
  const drawer = createDrawer(page);
  await expect(drawer).toBeVisible();
  await type(drawer.getByLabel(FIELD_WORDS.name), name);
  await click(drawer.getByRole("radio", { name: scope }));
  await expect(drawer.getByRole("radio", { name: scope })).toBeChecked();
}

/** The drawer's Access Scope choice itself (the permission picker has radios named Read and Write too). */
export const scopeChoice = (page: Page, label: string) =>
  createDrawer(page).getByRole("radiogroup", { name: CREATE_WORDS.scope }).getByRole("radio", { name: label });

/** A row of Custom's permission picker: a radio group named by the resource's label. */
export const permissionRow = (page: Page, resource: string) => createDrawer(page).getByRole("radiogroup", { name: resource, exact: true });

export type PickedLevel = (typeof PICKER_WORDS.levels)[keyof typeof PICKER_WORDS.levels];

/** In the open drawer: Custom, then a level per resource ({ DNS: "Write", Account: "Read" }). */
export async function pickPermissions(on: PageOrDriver, levels: Record<string, PickedLevel>) {
  const { page, click } = driverOf(on);
  await click(scopeChoice(page, "Custom"));
  for (const [resource, level] of Object.entries(levels)) {
    const choice = permissionRow(page, resource).getByRole("radio", { name: level, exact: true });
    await click(choice);
    await expect(choice).toBeChecked();
  }
}

/** Create API Key → API Name, Custom and its permissions, with the drawer left open before Add New API. */
export async function fillCustomDrawer(on: PageOrDriver, name: string, levels: Record<string, PickedLevel>) {
  const { page, click, type } = driverOf(on);
  await click(page.getByRole("button", { name: CREATE_WORDS.open }));
  await expect(createDrawer(page)).toBeVisible();
  await type(createDrawer(page).getByLabel(FIELD_WORDS.name), name);
  await pickPermissions(on, levels);
}

/** Add New API: the drawer turns into the one-time reveal; returns the secret. */
export async function submitCreateDrawer(on: PageOrDriver): Promise<string> {
  const { page, click } = driverOf(on);
  await click(createDrawer(page).getByRole("button", { name: CREATE_WORDS.submit }));
  await expect(secretField(page)).toBeVisible();
  const secret = await secretField(page).inputValue();
  expect(secret).toMatch(/^tkc_[0-9A-Za-z]{49}$/);
  return secret;
}

/** Add New API on a form that is refused (by the schema or the server): the drawer stays a form and says why. */
export async function submitCreateDrawerRefused(on: PageOrDriver, message: string | RegExp) {
  const { page, click } = driverOf(on);
  await click(createDrawer(page).getByRole("button", { name: CREATE_WORDS.submit }));
  await expect(createDrawer(page).getByText(message)).toBeVisible();
}

/** The question a reveal asks when it is closed before its secret was copied. */
export const uncopiedQuestion = (page: Page) => page.getByRole("alertdialog", { name: UNCOPIED_SECRET.title });

/**
 * Done: the drawer closes and forgets the secret. Unless it was copied, the reveal asks first
 * ("Close without copying?"), and this answers it: close.
 */
export async function closeReveal(on: PageOrDriver, { copied = false }: { copied?: boolean } = {}) {
  const { page, click } = driverOf(on);
  await click(createDrawer(page).getByRole("button", { name: REVEAL_WORDS.done }));
  if (!copied) await click(uncopiedQuestion(page).getByRole("button", { name: UNCOPIED_SECRET.closeLabel }));
  await expect(createDrawer(page)).toBeHidden();
}

/**
 * Creates a token through the drawer and returns its one-time secret, with the drawer closed:
 * after Copy when `copy` is set (as a person does it, in the demos), else by answering the question.
 */
export async function createToken(
  on: PageOrDriver,
  name: string,
  scope: "Read-Only" | "Write" = "Read-Only",
  { copy = false }: { copy?: boolean } = {},
) {
  await fillCreateDrawer(on, name, scope);
  const secret = await submitCreateDrawer(on);
  if (copy) await driverOf(on).click(createDrawer(driverOf(on).page).getByRole("button", { name: REVEAL_WORDS.copy, exact: true }));
  await closeReveal(on, { copied: copy });
  await expect(tokenRow(driverOf(on).page, name)).toBeVisible();
  return secret;
}

/** Creates a Custom token through the picker; returns its one-time secret, with the drawer closed. */
export async function createCustomToken(on: PageOrDriver, name: string, levels: Record<string, PickedLevel>) {
  await fillCustomDrawer(on, name, levels);
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

/** The panel that shows a rolled token's new secret once. */
export const rollPanel = (page: Page) => page.getByRole("dialog", { name: ROLL_WORDS.panelTitle });

/** The row's Roll: returns its dialog, which asks when the current secret stops working. */
export async function openRollDialog(on: PageOrDriver, name: string) {
  const { page, click } = driverOf(on);
  await click(tokenRow(page, name).getByRole("button", { name: ROW_WORDS.rollLabel(name), exact: true }));
  const dialog = page.getByRole("dialog", { name: ROLL_WORDS.title(name) });
  await expect(dialog).toBeVisible();
  return dialog;
}

/**
 * Roll, with the overlap chosen: returns the new secret, shown once in the creation panel, with
 * the panel closed (after **Copy** when `copy` is set; else by answering "Close without copying?").
 */
export async function rollToken(
  on: PageOrDriver,
  name: string,
  overlap: (typeof ROLL_OVERLAPS)[number]["label"],
  { copy = false }: { copy?: boolean } = {},
) {
  const { page, click } = driverOf(on);
  const dialog = await openRollDialog(on, name);
  await expect(dialog.getByText(ROLL_WORDS.leakAdviceBefore)).toBeVisible();
  await click(dialog.getByRole("radio", { name: overlap }));
  await click(dialog.getByRole("button", { name: ROLL_WORDS.confirm }));
  await expect(dialog).toBeHidden();
  const panel = rollPanel(page);
  await expect(panel.getByLabel(REVEAL_WORDS.secret)).toBeVisible();
  const secret = await panel.getByLabel(REVEAL_WORDS.secret).inputValue();
  expect(secret).toMatch(/^tkc_[0-9A-Za-z]{49}$/);
  if (copy) {
    await click(panel.getByRole("button", { name: REVEAL_WORDS.copy, exact: true }));
    await expect(panel.getByRole("button", { name: REVEAL_WORDS.copied })).toBeVisible();
  }
  await click(panel.getByRole("button", { name: REVEAL_WORDS.done }));
  if (!copy) await click(uncopiedQuestion(page).getByRole("button", { name: UNCOPIED_SECRET.closeLabel }));
  await expect(panel).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: ROLL_WORDS.rolled(name) })).toBeVisible();
  return secret;
}

/** Delete, confirmed: returns once the server has deleted the token and the row is gone. */
export async function deleteToken(on: PageOrDriver, name: string) {
  const dialog = await openRowConfirmation(on, name, ROW_WORDS.delete, DELETE_WORDS.title(name));
  await confirmRowConfirmation(on, dialog, DELETE_WORDS.confirm, DELETE_WORDS.deleted(name));
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
  await expect(panel.getByRole("heading", { name: DETAILS_WORDS.recentAddresses })).toBeVisible();
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
      ? page.getByRole("dialog", { name }).getByRole("button", { name: DETAILS_WORDS.edit, exact: true })
      : tokenRow(page, name).getByRole("button", { name: ROW_WORDS.editLabel(name), exact: true }),
  );
  const panel = page.getByRole("dialog", { name: DETAILS_WORDS.editTitle(name) });
  await expect(panel.getByLabel(FIELD_WORDS.name)).toHaveValue(name);
  if (changes.name !== undefined) await replace(type, panel.getByLabel(FIELD_WORDS.name), changes.name);
  if (changes.description !== undefined) await replace(type, panel.getByLabel(FIELD_WORDS.description), changes.description);
  if (changes.allowedIps !== undefined) await replace(type, panel.getByLabel(FIELD_WORDS.allowedIps), changes.allowedIps.join("\n"));
  await click(panel.getByRole("button", { name: EDIT_WORDS.submit }));
  const now = changes.name ?? name;
  await expect(page.getByRole("status").filter({ hasText: LISTING_WORDS.updated(now) })).toBeVisible();
  const details = page.getByRole("dialog", { name: now });
  await expect(details.getByRole("heading", { name: DETAILS_WORDS.recentAddresses })).toBeVisible();
  return details;
}

async function replace(type: Driver["type"], field: Locator, text: string) {
  await field.clear();
  if (text) await type(field, text);
}
