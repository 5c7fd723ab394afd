// @ts-check
import fs from "node:fs";
import { ConfigError } from "./config.mjs";

export function loadDotEnv(file = ".env") {
  if (fs.existsSync(/*turbopackIgnore: true*/ file)) process.loadEnvFile(file);
}

/**
 * A ConfigError is the operator's to fix, not a bug: its one line, no stack trace.
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
