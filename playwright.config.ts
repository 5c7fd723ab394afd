import path from "node:path";
import { defineConfig } from "@playwright/test";
import { browserExecutable, CHROMIUM_ARGS } from "./e2e/support/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

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
      args: CHROMIUM_ARGS,
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      testMatch: /.*\.spec\.ts/,
      testIgnore: [/e2e\/security\//, /e2e\/operations\//],
      dependencies: ["setup"],
      use: { storageState: path.join("e2e", ".auth", "user.json") },
    },
    {
      // The security regression suite's server-level cases (its Vitest half is test/security/).
      name: "security",
      testDir: path.join("e2e", "security"),
      testMatch: /.*\.spec\.ts/,
      dependencies: ["setup"],
      use: { storageState: path.join("e2e", ".auth", "user.json") },
    },
    {
      // Running it as a service: restarts, shutdown, a busy database, backups, health, logs, sign-up policy.
      name: "operations",
      testDir: path.join("e2e", "operations"),
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
    env: {
      PORT: String(PORT),
      DATA_DIR: path.join("e2e", ".data"),
      NEXT_TELEMETRY_DISABLED: "1",
      SIGNUPS_PER_IP_PER_HOUR: "1000",
      SIGNUPS_PER_HOUR: "100000",
      // Activity's counts written every second, not every 5: the Activity tests wait for them.
      ACTIVITY_FLUSH_SECONDS: "1",
      // The webhook tests' receivers listen on loopback, which production refuses.
      WEBHOOK_ALLOW_PRIVATE: "1",
    },
  },
});
