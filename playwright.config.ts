import fs from "node:fs";
import path from "node:path";
import { chromium, defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * The browser, in this order: Playwright's own download, CHROMIUM_PATH, Debian's /usr/bin/chromium.
 * Without any, stop with a message that says how to get one.
 */
function browserExecutable(): string | undefined {
  if (fs.existsSync(chromium.executablePath())) return undefined;
  for (const candidate of [process.env.CHROMIUM_PATH, "/usr/bin/chromium"]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    [
      "No Chromium found for the end-to-end tests. Get one of these:",
      "  - Debian/Ubuntu: apt-get install -y chromium      (then /usr/bin/chromium is used)",
      "  - any Chromium or Chrome binary: export CHROMIUM_PATH=/path/to/chrome",
      "  - where the network allows it: npx playwright install chromium",
    ].join("\n"),
  );
}

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: browserExecutable(),
      // Without the networking flags Chromium floods a closed network with refused connections.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: path.join("e2e", ".auth", "user.json") },
    },
    {
      // The security regression suite's server-level cases (test/security/*.spec.ts).
      name: "security",
      testDir: path.join("test", "security"),
      testMatch: /.*\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: path.join("e2e", ".auth", "user.json") },
    },
    {
      // Running it as a service: restarts, shutdown, a busy database, backups, health, logs, sign-up policy.
      name: "operations",
      testDir: path.join("test", "operations"),
      testMatch: /.*\.spec\.ts/,
      // Two instances sharing one Redis: only when a Redis is given (npm test names it when not).
      testIgnore: process.env.TEST_REDIS_URL ? [] : [/instances\.spec\.ts/],
    },
  ],
  webServer: {
    // The real production path: `next build` output served by `npm start`'s script, on a fresh database.
    command: "node e2e/server.mjs",
    url: `${BASE_URL}/login`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: process.env.E2E_SERVER_LOGS ? "pipe" : "ignore",
    stderr: "pipe",
    // The suite signs up many accounts from one address: the sign-up limit is raised for it.
    env: { PORT: String(PORT), DATA_DIR: path.join("e2e", ".data"), NEXT_TELEMETRY_DISABLED: "1", SIGNUPS_PER_IP_PER_HOUR: "1000" },
  },
});
