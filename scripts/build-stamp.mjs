// Which code a production build was made from: a SHA-256 over every file the build reads,
// written into .next/ after `npm run build` (and the build `npm start` runs), so that
// `npm start` can tell a build that no longer matches the code (after a `git pull`, an edit,
// an upgrade) and rebuild instead of serving the old code over new migrations.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = (/** @type {string} */ root) => path.join(root, ".next", "token-console-source.sha256");
// What the build reads: the app and its libraries, styles, configuration and locked dependencies.
const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "prisma/schema.prisma",
  "proxy.ts",
  "next.config.mjs",
  "tailwind.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const SKIP = new Set(["generated", "node_modules"]);

/** @param {string} root @param {string} entry @returns {string[]} */
function files(root, entry) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [entry];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((child) => !SKIP.has(child.name) && !/\.test\.tsx?$/.test(child.name))
    .flatMap((child) => files(root, path.join(entry, child.name)));
}

/** The hash of the code as it is now. */
export function sourceHash(root = ROOT) {
  const hash = crypto.createHash("sha256");
  for (const file of SOURCES.flatMap((entry) => files(root, entry)).sort())
    hash
      .update(`${file}\0`)
      .update(fs.readFileSync(path.join(root, file)))
      .update("\0");
  return hash.digest("hex");
}

/** Records that the build in .next/ was made from the code as it is now. */
export const writeBuildStamp = (hash = sourceHash(), root = ROOT) => fs.writeFileSync(stampFile(root), `${hash}\n`);

/** "missing" (no build), "stale" (built from other code) or "current". */
export function buildState(root = ROOT) {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return "missing";
  const stamp = fs.existsSync(stampFile(root)) ? fs.readFileSync(stampFile(root), "utf8").trim() : "";
  return stamp === sourceHash(root) ? "current" : "stale";
}
