// @ts-check
// The one place that reads the environment. Every variable is declared here with its default
// and validated with zod; the server, the scripts (start, migrate, admin, seed) and the Prisma
// CLI import it. Plain ESM with JSDoc, so that `node scripts/*.mjs` can use it as it is.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import proxyaddr from "proxy-addr";
import { z } from "zod";

/** A configuration mistake, said in one line that names the variable and the fix. */
export class ConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "ConfigError";
  }
}

const MIN_SECRET_LENGTH = 32;
const blankIsUnset = (/** @type {unknown} */ value) => (value === "" ? undefined : value);
const count = (/** @type {number} */ fallback) => z.preprocess(blankIsUnset, z.coerce.number().int().positive().default(fallback));
const secret = z.preprocess(blankIsUnset, z.string().min(MIN_SECRET_LENGTH).optional());

/**
 * TRUST_PROXY, as Express and proxy-addr read it: unset or "false" trusts no proxy (the client
 * is the socket's peer); a whole number trusts that many hops; otherwise a comma-separated list
 * of addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
 */
const trustProxy = z.preprocess(
  blankIsUnset,
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value === "false" || value === "0") return { hops: 0, list: /** @type {string[]} */ ([]) };
      if (/^\d+$/.test(value)) return { hops: Number(value), list: [] };
      const list = value
        .split(",")
        .map((entry) => entry.trim())
        .filter(Boolean);
      try {
        proxyaddr.compile(list);
      } catch {
        context.addIssue({ code: "custom", message: "not an address list" });
        return z.NEVER;
      }
      return { hops: 0, list };
    }),
);

/** PUBLIC_URL: the origin people reach the console at, such as https://tokens.example.com. */
const publicUrl = z.preprocess(
  blankIsUnset,
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined) return undefined;
      const url = URL.canParse(value) ? new URL(value) : null;
      if (
        !url ||
        !["http:", "https:"].includes(url.protocol) ||
        url.pathname.replace(/\/$/, "") !== "" ||
        url.search ||
        url.hash ||
        url.username
      ) {
        context.addIssue({ code: "custom", message: "not an origin" });
        return z.NEVER;
      }
      return url.origin;
    }),
);

const envSchema = z.object({
  PORT: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(65535).default(3000)),
  TRUST_PROXY: trustProxy,
  PUBLIC_URL: publicUrl,
  SIGNUPS_PER_IP_PER_HOUR: count(10),
  DATA_DIR: z.preprocess(blankIsUnset, z.string().default("data")),
  DATABASE_URL: z.preprocess(blankIsUnset, z.string().startsWith("file:").optional()),
  AUTH_SECRET: secret,
  NEXTAUTH_SECRET: secret,
  TOKEN_PEPPER: secret,
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === "string" && value !== "" ? value.toLowerCase() : undefined),
    z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  ),
  API_REQUESTS_PER_TOKEN_PER_MINUTE: count(1200),
  API_AUTH_FAILURES_PER_IP: count(30),
});

/** @typedef {z.output<typeof envSchema>} Env */

/** What to do about each variable, for the error message. */
const FIXES = /** @type {Record<keyof Env, string>} */ ({
  PORT: "use a port number from 1 to 65535, or unset it for 3000",
  TRUST_PROXY:
    "use the number of proxies in front (1 for one reverse proxy), or their addresses and CIDR ranges separated by commas, or unset it when clients connect directly",
  PUBLIC_URL: "use the origin people open the console at, such as https://tokens.example.com (no path)",
  SIGNUPS_PER_IP_PER_HOUR: "use a whole number above 0",
  DATA_DIR: "use a folder path",
  DATABASE_URL: "use file:/path/to/database.db for SQLite, or unset it for <DATA_DIR>/token-console.db",
  AUTH_SECRET: `use at least ${MIN_SECRET_LENGTH} random characters (openssl rand -base64 32), or unset it to use a generated one`,
  NEXTAUTH_SECRET: `use at least ${MIN_SECRET_LENGTH} random characters, or unset it`,
  TOKEN_PEPPER: `use at least ${MIN_SECRET_LENGTH} random characters (openssl rand -base64 32), or unset it to use a generated one`,
  LOG_LEVEL: "use one of debug, info, warn, error, silent",
  API_REQUESTS_PER_TOKEN_PER_MINUTE: "use a whole number above 0",
  API_AUTH_FAILURES_PER_IP: "use a whole number above 0",
});

/**
 * The validated environment. Throws a ConfigError naming the first wrong variable.
 * @param {NodeJS.ProcessEnv} [source]
 * @returns {Env}
 */
export function readEnv(source = process.env) {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = /** @type {keyof Env} */ (String(issue?.path[0]));
  const value = source[name];
  const shown = /SECRET|PEPPER/.test(name) ? `(${String(value).length} characters)` : JSON.stringify(value);
  throw new ConfigError(`${name}=${shown} is not valid: ${FIXES[name] ?? issue?.message}.`);
}

/** @type {Env | undefined} */
let cached;
/** The environment, validated once per process. */
export function env() {
  cached ??= readEnv();
  return cached;
}

/** Folder for the embedded database and the generated secrets (git-ignored). */
export function dataDir() {
  // turbopackIgnore: the path is chosen at run time; the build must not trace the project for it.
  return path.resolve(/*turbopackIgnore: true*/ env().DATA_DIR);
}

/** `file:<absolute path>` for SQLite; DATABASE_URL wins when set. */
export function databaseUrl() {
  const fromEnv = env().DATABASE_URL;
  if (fromEnv) return `file:${path.resolve(/*turbopackIgnore: true*/ fromEnv.slice("file:".length))}`;
  return `file:${path.join(/*turbopackIgnore: true*/ dataDir(), "token-console.db")}`;
}

/** The filesystem path behind databaseUrl(). */
export function databaseFile() {
  return databaseUrl().slice("file:".length);
}

/**
 * Creates a folder only its owner can enter (0700), for the database and the secrets, which
 * hold password hashes, token hashes and the keys to both.
 * @param {string} dir
 */
export function ensurePrivateDir(dir) {
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) fs.mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true, mode: 0o700 });
}

/**
 * Makes the SQLite database and its WAL and shared-memory files readable by their owner only
 * (0600), including files an earlier version created with looser modes. SQLite gives the WAL
 * and shared-memory files the database file's mode when it creates them.
 * @param {string} file
 */
export function makeDatabasePrivate(file) {
  if (!fs.existsSync(/*turbopackIgnore: true*/ file)) fs.closeSync(fs.openSync(/*turbopackIgnore: true*/ file, "a", 0o600));
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(/*turbopackIgnore: true*/ name)) fs.chmodSync(/*turbopackIgnore: true*/ name, 0o600);
  }
}

/** Reads `.env` into process.env when present, without overriding what is already set. */
export function loadDotEnv(file = ".env") {
  if (fs.existsSync(/*turbopackIgnore: true*/ file)) process.loadEnvFile(file);
}

/**
 * The auth secret (signs session cookies) and the token pepper (keys the HMAC of every token).
 * Environment variables win; otherwise they are read from `<data dir>/secrets.json`, which the
 * first start creates with fresh random values (mode 0600), so that no setup step is needed
 * and no secret is ever committed.
 * @returns {{ authSecret: string, tokenPepper: string }}
 */
export function loadSecrets() {
  const { AUTH_SECRET, NEXTAUTH_SECRET, TOKEN_PEPPER } = env();
  const fromEnv = { authSecret: AUTH_SECRET ?? NEXTAUTH_SECRET, tokenPepper: TOKEN_PEPPER };
  const stored =
    fromEnv.authSecret && fromEnv.tokenPepper
      ? /** @type {Partial<ReturnType<typeof readOrCreateSecretsFile>>} */ ({})
      : readOrCreateSecretsFile();
  return {
    authSecret: /** @type {string} */ (fromEnv.authSecret ?? stored.authSecret),
    tokenPepper: /** @type {string} */ (fromEnv.tokenPepper ?? stored.tokenPepper),
  };
}

/** @type {ReturnType<typeof loadSecrets> | undefined} */
let secretsCache;
/** Read lazily, at the first request, so that `next build` never needs or creates secrets. */
export function secrets() {
  secretsCache ??= loadSecrets();
  return secretsCache;
}

/** @returns {{ authSecret: string, tokenPepper: string }} */
function readOrCreateSecretsFile() {
  const file = path.join(/*turbopackIgnore: true*/ dataDir(), "secrets.json");
  ensurePrivateDir(path.dirname(file));
  const fresh = () => crypto.randomBytes(32).toString("base64url");
  try {
    // "wx" fails if the file exists, so two processes starting at once cannot overwrite each other.
    fs.writeFileSync(file, JSON.stringify({ authSecret: fresh(), tokenPepper: fresh() }, null, 2), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
  }
  fs.chmodSync(/*turbopackIgnore: true*/ file, 0o600);
  const stored = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const key of ["authSecret", "tokenPepper"]) {
    if (typeof stored[key] !== "string" || stored[key].length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`${file} has no valid ${key}: restore the file from your backup, or set AUTH_SECRET and TOKEN_PEPPER.`);
    }
  }
  return stored;
}
