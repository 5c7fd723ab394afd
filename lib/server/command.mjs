// @ts-check
// How every command (npm start, the scripts) begins and ends.
import fs from "node:fs";
import { ConfigError } from "./config.mjs";

/** Reads `.env` into process.env when present, without overriding what is already set. */
export function loadDotEnv(file = ".env") {
  if (fs.existsSync(/*turbopackIgnore: true*/ file)) process.loadEnvFile(file);
}

/**
 * Runs a command's main function: a ConfigError is printed as its one line and exit code 1,
 * with no stack trace (it is the operator's to fix, not a bug); anything else is a bug and
 * keeps its stack.
 * @param {() => unknown} main
 */
export async function runMain(main) {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
