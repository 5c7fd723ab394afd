// Playwright fixtures for the end-to-end suites. How to drive the console lives in
// support/console.ts, shared with the demos; this file re-exports it for the tests.
import { test as base, expect } from "@playwright/test";

export * from "./support/console";
export type { User as TestUser } from "./support/console";

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
