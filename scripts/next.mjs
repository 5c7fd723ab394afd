// Runs the Next.js CLI (`npm run build`) with its telemetry off: these machines, and many
// self-hosted ones, have no network for it, and nobody asked to be counted. A successful
// build records which code it was made from (scripts/build-stamp.mjs).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { buildApi } from "./api.mjs";
import { sourceHash, writeBuildStamp } from "./build-stamp.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const building = process.argv[2] === "build";
// The code the build reads, hashed before it starts: an edit during the build leaves it stale.
const hash = building ? sourceHash() : undefined;
const child = spawn(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
/** The server actions' key the build read: the environment's, else the one in .env (as Next.js reads it). */
function buildKey() {
  const dotEnv = path.join(root, ".env");
  return (
    process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ||
    (fs.existsSync(dotEnv) ? parseEnv(fs.readFileSync(dotEnv, "utf8")) : {}).NEXT_SERVER_ACTIONS_ENCRYPTION_KEY
  );
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (!(building && code === 0)) process.exit(code ?? (signal ? 1 : 0));
  // The platform API's bundle, beside Next.js's output (scripts/api.mjs), then the stamp.
  buildApi().then(
    () => {
      writeBuildStamp(hash, root, buildKey());
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
});
