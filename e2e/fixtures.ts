import { test as base, expect, type Page } from "@playwright/test";

export type TestUser = { name: string; email: string; password: string };

let counter = 0;

/** A user no other test (or earlier run) has made. */
export function uniqueUser(label: string): TestUser {
  const id = `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `${label} ${id}`, email: `${label}-${id}@example.test`, password: `pass-phrase-${id}` };
}

export async function signUp(page: Page, user: TestUser) {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/api-tokens$/);
}

/** Opens the drawer, creates a token, and returns its one-time secret with the drawer closed. */
export async function createToken(page: Page, name: string, scope: "Read-Only" | "Write" = "Read-Only") {
  await page.getByRole("button", { name: "Create API Key" }).click();
  const drawer = page.getByRole("dialog", { name: "Create API Key" });
  await drawer.getByLabel("API Name").fill(name);
  await drawer.getByRole("radio", { name: scope }).check();
  await drawer.getByRole("button", { name: "Add New API" }).click();
  const secret = await drawer.getByLabel("Your API token").inputValue();
  await drawer.getByRole("button", { name: "Done" }).click();
  await expect(drawer).toBeHidden();
  return secret;
}

export function tokenRow(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("cell").getByText(name, { exact: true }) });
}

type Fixtures = {
  /** A token name unique to this test. */
  tokenName: (label: string) => string;
};

export const test = base.extend<Fixtures>({
  tokenName: async ({}, use) => {
    let n = 0;
    const stamp = Date.now().toString(36);
    await use((label) => `${label}-${stamp}-${n++}`);
  },
});

export { expect };
