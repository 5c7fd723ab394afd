// Which code a production build was made from: a SHA-256 over every file the build reads,
// written into .next/ after `npm run build` (and the build `npm start` runs), so that
// `npm start` can tell a build that no longer matches the code (after a `git pull`, an edit,
// an upgrade) and rebuild instead of serving the old code over new migrations.
// It also records a fingerprint of NEXT_SERVER_ACTIONS_ENCRYPTION_KEY, a one-way hash and never
// the key: Next.js derives the ids of server actions from the key a build is made with, so
// instances built apart must be built with the same key, and the start can tell when the key
// it runs with is not the build's.
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

/**
 * A one-way fingerprint of the server actions' key ("none" when unset: the build then makes a
 * random key of its own). The key is 32 random bytes, so its hash reveals nothing of it.
 * @param {string | undefined} key
 */
export const keyFingerprint = (key) =>
  key ? crypto.createHash("sha256").update("token-console/actions-key/v1\0").update(key).digest("base64url").slice(0, 22) : "none";

/**
 * Records that the build in .next/ was made from the code as it is now, with this key.
 * @param {string} [hash] @param {string} [root] @param {string | undefined} [key]
 */
export const writeBuildStamp = (hash = sourceHash(), root = ROOT, key = process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY) =>
  fs.writeFileSync(stampFile(root), `${hash}\nactions-key ${keyFingerprint(key)}\n`);

/** @param {string} root @returns {string[]} */
const stampLines = (root) => (fs.existsSync(stampFile(root)) ? fs.readFileSync(stampFile(root), "utf8").trim().split("\n") : []);

/** "missing" (no build), "stale" (built from other code) or "current". */
export function buildState(root = ROOT) {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) return "missing";
  return stampLines(root)[0] === sourceHash(root) ? "current" : "stale";
}

/**
 * Whether the build was made with another server actions' key than `key` (or with none, or
 * before builds recorded it). An unset key differs from nothing: the build's own is used.
 * @param {string | undefined} key @param {string} [root]
 */
export function buildKeyDiffers(key, root = ROOT) {
  if (!key) return false;
  return stampLines(root)[1] !== `actions-key ${keyFingerprint(key)}`;
}
