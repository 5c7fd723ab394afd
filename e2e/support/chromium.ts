// The Chromium the tests and the demos drive, and how: one place for both.
import fs from "node:fs";
import { chromium } from "@playwright/test";

/** Without the networking flags Chromium floods a closed network with refused connections. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * The browser, in this order: Playwright's own download (undefined: Playwright finds it),
 * CHROMIUM_PATH, Debian's /usr/bin/chromium. Without any, an error that says how to get one.
 */
export function browserExecutable(): string | undefined {
  if (fs.existsSync(chromium.executablePath())) return undefined;
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/bin/chromium"]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    [
      "No Chromium found. Get one of these:",
      "  - Debian/Ubuntu: apt-get install -y chromium      (then /usr/bin/chromium is used)",
      "  - any Chromium or Chrome binary: export CHROMIUM_PATH=/path/to/chrome",
      "  - where the network allows it: npx playwright install chromium",
    ].join("\n"),
  );
}
