// `npm test`: every suite, in order, whatever the one before did, then one closing line
// "N passed, M failed" that totals them all.
//   1. static checks: ESLint, Prettier, TypeScript, the layers' imports (each counts as one test)
//   2. unit + integration (Vitest, real SQLite files)
//   3. a production build (`next build`)
//   4. end-to-end (Playwright, real Chromium against the production server)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const reports = fs.mkdtempSync(path.join(os.tmpdir(), "token-console-reports-"));
const bin = (name) => path.join("node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const totals = { passed: 0, failed: 0 };
const summary = [];

function run(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  const ok = result.status === 0;
  summary.push(`${ok ? "ok  " : "FAIL"} ${label} (${Math.round((Date.now() - started) / 1000)} s)`);
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** A check with no test count of its own: it passes or fails as one. */
function check(label, command, args) {
  if (run(label, command, args)) totals.passed += 1;
  else totals.failed += 1;
}

// 1. Static checks.
check("lint (ESLint)", bin("eslint"), [".", "--max-warnings=0"]);
check("formatting (Prettier)", bin("prettier"), ["--check", "--log-level=warn", "."]);
check("types (TypeScript)", bin("tsc"), ["--noEmit"]);
check("layers (dependency-cruiser)", bin("depcruise"), ["lib", "app", "components", "--config", ".dependency-cruiser.cjs"]);

// 2. Vitest.
const vitestReport = path.join(reports, "vitest.json");
const unitOk = run("unit and integration tests (Vitest)", bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestReport}`,
]);
const vitest = readJson(vitestReport);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
}
// A file that failed to load, or a run that died, has no failed test to count: count the run.
if (!unitOk && !(vitest?.numFailedTests > 0)) totals.failed += 1;

// 3 and 4. Build, then Playwright against it.
// Through scripts/next.mjs, which records the code the build was made from (npm start checks it).
const buildOk = run("production build (next build)", process.execPath, ["scripts/next.mjs", "build"]);
if (!buildOk) {
  totals.failed += 1;
  console.log("\nThe build failed: the end-to-end tests cannot run.");
} else {
  const playwrightReport = path.join(reports, "playwright.json");
  const e2eOk = run("end-to-end tests (Playwright, Chromium)", bin("playwright"), ["test"], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: playwrightReport,
  });
  const stats = readJson(playwrightReport)?.stats;
  if (stats) {
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    if (!e2eOk && stats.unexpected === 0) totals.failed += 1; // e.g. the server did not start
  } else if (!e2eOk) {
    totals.failed += 1; // e.g. no browser: Playwright stopped before running anything
  }
}

// Suites that need a real service run only when it is given: say which did not, and why.
if (!process.env.TEST_DATABASE_URL) {
  summary.push("not run: the PostgreSQL suites (data layer, API, security, schema): TEST_DATABASE_URL is not set (.ci/run sets it)");
}
if (!process.env.TEST_REDIS_URL) {
  summary.push("not run: the Redis suites (shared limits, two instances): TEST_REDIS_URL is not set (.ci/run sets it)");
}

fs.rmSync(reports, { recursive: true, force: true });
console.log(`\n=== summary ===\n${summary.join("\n")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
