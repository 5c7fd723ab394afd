// `npm start`: everything a fresh clone needs, then the production server, in this process.
// 1. secrets: generated into data/secrets.json on first run unless set in the environment;
// 2. database: migrations applied (SQLite file created if absent);
// 3. build: `next build` when there is no production build yet;
// 4. the server (scripts/server.mjs): Next.js behind our own HTTP server.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadDotEnv, loadSecrets } from "../lib/server/config.mjs";
import { migrate } from "./migrate.mjs";
import { startServer } from "./server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

loadDotEnv();
process.env.NEXT_TELEMETRY_DISABLED = "1";
loadSecrets();
migrate();

if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
  console.log("[start] no production build yet: running next build (once)");
  const build = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

process.env.NODE_ENV = "production";
await startServer();
