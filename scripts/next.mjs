// Runs the Next.js CLI (`npm run build`) with its telemetry off: these machines, and many
// self-hosted ones, have no network for it, and nobody asked to be counted. A successful
// build records which code it was made from (scripts/build-stamp.mjs).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
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
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  if (building && code === 0) writeBuildStamp(hash);
  process.exit(code ?? (signal ? 1 : 0));
});
