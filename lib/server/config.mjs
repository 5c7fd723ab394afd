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

/** HOST (or HOSTNAME, which Next.js reads): the address to listen on; unset listens on every interface. */
const host = z.preprocess(
  blankIsUnset,
  z
    .string()
    .regex(
      /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9a-fA-F:.]+|\[[0-9a-fA-F:.]+\])$/,
    )
    .optional(),
);
const seconds = (/** @type {number} */ fallback, /** @type {number} */ max) =>
  z.preprocess(blankIsUnset, z.coerce.number().min(0).max(max).default(fallback));

const envSchema = z.object({
  PORT: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(65535).default(3000)),
  HOST: host,
  HOSTNAME: host,
  TRUST_PROXY: trustProxy,
  PUBLIC_URL: publicUrl,
  SIGNUPS_PER_IP_PER_HOUR: count(10),
  SIGNUPS_PER_HOUR: count(200),
  DATA_DIR: z.preprocess(blankIsUnset, z.string().default("data")),
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .refine((value) => value.startsWith("file:") || (/^postgres(ql)?:\/\//.test(value) && URL.canParse(value)))
      .optional(),
  ),
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/)
      .optional(),
  ),
  AUTH_SECRET: secret,
  NEXTAUTH_SECRET: secret,
  TOKEN_PEPPER: secret,
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === "string" && value !== "" ? value.toLowerCase() : undefined),
    z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  ),
  API_REQUESTS_PER_TOKEN_PER_MINUTE: count(1200),
  API_AUTH_FAILURES_PER_IP: count(30),
  TOKEN_DEFAULT_LIFETIME_DAYS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(3650).default(90)),
  TOKEN_MAX_LIFETIME_DAYS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(3650).optional()),
  SMTP_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^smtps?:\/\/\S+$/)
      .optional(),
  ),
  MAIL_FROM: z.preprocess(
    blankIsUnset,
    z
      .string()
      .max(200)
      .regex(/^[^\r\n]*<?[^@\s<>]+@[^@\s<>]+>?$/)
      .optional(),
  ),
  SIGNUP: z.preprocess(
    (value) => (typeof value === "string" && value !== "" ? value.toLowerCase() : undefined),
    z.enum(["open", "closed"]).default("open"),
  ),
  SHUTDOWN_TIMEOUT_SECONDS: seconds(10, 3600),
  SHUTDOWN_DRAIN_SECONDS: seconds(0, 3600),
  MIGRATION_LOCK_TIMEOUT_SECONDS: seconds(60, 3600),
  DATABASE_START_TIMEOUT_SECONDS: seconds(60, 3600),
  REDIS_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^rediss?:\/\/\S+$/)
      .optional(),
  ),
  REDIS_KEY_PREFIX: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .default("token-console"),
  ),
  DATABASE_BUSY_TIMEOUT_MS: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(60_000).default(1000)),
  LEAKED_TOKEN_ACTION: z.preprocess(
    (value) => (typeof value === "string" && value !== "" ? value.toLowerCase() : undefined),
    z.enum(["revoke", "notify"]).default("revoke"),
  ),
  GITHUB_SECRET_SCANNING_KEYS_URL: z.preprocess(
    blankIsUnset,
    z
      .string()
      .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value))
      .default("https://api.github.com/meta/public_keys/secret_scanning"),
  ),
  GITHUB_SECRET_SCANNING_KEYS_FILE: z.preprocess(blankIsUnset, z.string().optional()),
  REVOCATION_REQUESTS_PER_IP_PER_MINUTE: count(10),
});

/** @typedef {z.output<typeof envSchema>} Env */

/** Every variable the configuration reads (docs/configuration.md and .env.example document each). */
export const ENV_VARIABLES = /** @type {Array<keyof Env>} */ (Object.keys(envSchema.shape));

/** What to do about each variable, for the error message. */
const FIXES = /** @type {Record<keyof Env, string>} */ ({
  PORT: "use a port number from 1 to 65535, or unset it for 3000",
  HOST: "use an address or host name to listen on, such as 127.0.0.1 or ::, or unset it to listen on every interface",
  HOSTNAME: "use an address or host name to listen on, such as 127.0.0.1, or unset it to listen on every interface",
  TRUST_PROXY:
    "use the number of proxies in front (1 for one reverse proxy), or their addresses and CIDR ranges separated by commas, or unset it when clients connect directly",
  PUBLIC_URL: "use the origin people open the console at, such as https://tokens.example.com (no path)",
  SIGNUPS_PER_IP_PER_HOUR: "use a whole number above 0",
  SIGNUPS_PER_HOUR: "use a whole number above 0",
  DATA_DIR: "use a folder path",
  DATABASE_URL:
    "use file:/path/to/database.db for SQLite, postgresql://user:password@host:5432/database for PostgreSQL, or unset it for <DATA_DIR>/token-console.db",
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: "use 32 random bytes in base64 (openssl rand -base64 32), the same on every instance",
  AUTH_SECRET: `use at least ${MIN_SECRET_LENGTH} random characters (openssl rand -base64 32), or unset it to use a generated one`,
  NEXTAUTH_SECRET: `use at least ${MIN_SECRET_LENGTH} random characters, or unset it`,
  TOKEN_PEPPER: `use at least ${MIN_SECRET_LENGTH} random characters (openssl rand -base64 32), or unset it to use a generated one`,
  LOG_LEVEL: "use one of debug, info, warn, error, silent",
  API_REQUESTS_PER_TOKEN_PER_MINUTE: "use a whole number above 0",
  API_AUTH_FAILURES_PER_IP: "use a whole number above 0",
  TOKEN_DEFAULT_LIFETIME_DAYS: "use a whole number of days from 1 to 3650",
  TOKEN_MAX_LIFETIME_DAYS: "use a whole number of days from 1 to 3650, or unset it for no maximum",
  SMTP_URL: "use smtp://user:password@host:587 (or smtps://host:465), or unset it to send no email",
  MAIL_FROM: 'use an address such as "Token Console <tokens@example.com>"',
  SIGNUP: "use open (anyone may create an account) or closed (admins add people with npm run admin -- create)",
  SHUTDOWN_TIMEOUT_SECONDS: "use a number of seconds from 0 to 3600",
  SHUTDOWN_DRAIN_SECONDS: "use a number of seconds from 0 to 3600",
  MIGRATION_LOCK_TIMEOUT_SECONDS: "use a number of seconds from 0 to 3600",
  DATABASE_START_TIMEOUT_SECONDS: "use a number of seconds from 0 to 3600",
  DATABASE_BUSY_TIMEOUT_MS: "use a number of milliseconds from 0 to 60000",
  REDIS_KEY_PREFIX: "use up to 64 letters, digits, dots, dashes or underscores",
  REDIS_URL:
    "use redis://host:6379 (or rediss:// for TLS, with a password as redis://:password@host:6379/0), or unset it to keep the limits in memory",
  LEAKED_TOKEN_ACTION: "use revoke (a leaked token is revoked at once) or notify (its owner is only told)",
  GITHUB_SECRET_SCANNING_KEYS_URL: "use the https:// address of GitHub's secret scanning public keys, or unset it for GitHub's own",
  GITHUB_SECRET_SCANNING_KEYS_FILE: "use the path of a file holding GitHub's public keys as JSON, or unset it to fetch them",
  REVOCATION_REQUESTS_PER_IP_PER_MINUTE: "use a whole number above 0",
});

/**
 * The validated environment. Throws a ConfigError naming the first wrong variable.
 * @param {NodeJS.ProcessEnv} [source]
 * @returns {Env}
 */
export function readEnv(source = process.env) {
  const result = envSchema.safeParse(source);
  if (result.success) {
    const { TOKEN_DEFAULT_LIFETIME_DAYS: lifetime, TOKEN_MAX_LIFETIME_DAYS: max } = result.data;
    if (max !== undefined && lifetime > max) {
      throw new ConfigError(
        `TOKEN_DEFAULT_LIFETIME_DAYS=${lifetime} is longer than TOKEN_MAX_LIFETIME_DAYS=${max}: make the default at most the maximum.`,
      );
    }
    return result.data;
  }
  const issue = result.error.issues[0];
  const name = /** @type {keyof Env} */ (String(issue?.path[0]));
  const value = source[name];
  const shown = /SECRET|PEPPER|KEY$/.test(name)
    ? `(${String(value).length} characters)`
    : // A password in a URL is never echoed.
      JSON.stringify(String(value).replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, "$1***@"));
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

/** "postgresql" when DATABASE_URL names a PostgreSQL server; otherwise the embedded "sqlite". */
export function databaseProvider() {
  return /^postgres(ql)?:/.test(env().DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

/** `file:<absolute path>` for SQLite, or the PostgreSQL URL; DATABASE_URL wins when set. */
export function databaseUrl() {
  const fromEnv = env().DATABASE_URL;
  if (fromEnv && databaseProvider() === "postgresql") return fromEnv;
  if (fromEnv) return `file:${path.resolve(/*turbopackIgnore: true*/ fromEnv.slice("file:".length))}`;
  return `file:${path.join(/*turbopackIgnore: true*/ dataDir(), "token-console.db")}`;
}

/** The SQLite file behind databaseUrl(). */
export function databaseFile() {
  if (databaseProvider() !== "sqlite") throw new Error("databaseFile() is for SQLite; DATABASE_URL names a PostgreSQL server");
  return databaseUrl().slice("file:".length);
}

/** The PostgreSQL database named in DATABASE_URL, for messages: host and database, never the password. */
export function databaseLabel() {
  if (databaseProvider() === "sqlite") return databaseFile();
  const url = new URL(databaseUrl());
  return `PostgreSQL database ${url.pathname.slice(1) || "(default)"} on ${url.hostname}:${url.port || 5432}`;
}

/**
 * Creates a folder only its owner can enter (0700), for the database and the secrets, which
 * hold password hashes, token hashes and the keys to both.
 * @param {string} dir
 */
export function ensurePrivateDir(dir) {
  try {
    if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) fs.mkdirSync(/*turbopackIgnore: true*/ dir, { recursive: true, mode: 0o700 });
    fs.accessSync(/*turbopackIgnore: true*/ dir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw new ConfigError(
      `The data folder ${path.resolve(dir)} cannot be used (${errorCode(error)}): set DATA_DIR to a folder this user may write, or fix its owner and permissions.`,
    );
  }
}

/** @param {unknown} error */
const errorCode = (error) => {
  const { code, message } = /** @type {NodeJS.ErrnoException} */ (error);
  return code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOTDIR" ? "not a folder" : (code ?? message);
};

/**
 * Makes the SQLite database and its WAL and shared-memory files readable by their owner only
 * (0600), including files an earlier version created with looser modes. SQLite gives the WAL
 * and shared-memory files the database file's mode when it creates them.
 * @param {string} file
 */
export function makeDatabasePrivate(file) {
  try {
    if (!fs.existsSync(/*turbopackIgnore: true*/ file)) fs.closeSync(fs.openSync(/*turbopackIgnore: true*/ file, "a", 0o600));
    for (const name of [file, `${file}-wal`, `${file}-shm`]) {
      if (fs.existsSync(/*turbopackIgnore: true*/ name)) fs.chmodSync(/*turbopackIgnore: true*/ name, 0o600);
    }
  } catch (error) {
    throw new ConfigError(
      `The database ${file} cannot be opened (${errorCode(error)}): check DATABASE_URL, or the file's owner and permissions.`,
    );
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
 * and no secret is ever committed. `pepperFrom` says where the pepper came from (for messages),
 * `generated` whether this call created the file.
 * @returns {{ authSecret: string, tokenPepper: string, pepperFrom: string, generated: boolean }}
 */
export function loadSecrets() {
  const { AUTH_SECRET, NEXTAUTH_SECRET, TOKEN_PEPPER } = env();
  const fromEnv = { authSecret: AUTH_SECRET ?? NEXTAUTH_SECRET, tokenPepper: TOKEN_PEPPER };
  if (fromEnv.authSecret && fromEnv.tokenPepper) {
    return { authSecret: fromEnv.authSecret, tokenPepper: fromEnv.tokenPepper, pepperFrom: "TOKEN_PEPPER", generated: false };
  }
  const stored = readOrCreateSecretsFile();
  return {
    authSecret: fromEnv.authSecret ?? stored.authSecret,
    tokenPepper: fromEnv.tokenPepper ?? stored.tokenPepper,
    pepperFrom: fromEnv.tokenPepper ? "TOKEN_PEPPER" : stored.file,
    generated: stored.generated,
  };
}

/**
 * On PostgreSQL instances are stateless and interchangeable: what they must share comes from
 * the environment, never from a file one of them generated. Names every one missing, in one
 * line, so that a person setting it up fixes them all before the next attempt.
 */
export function requireStatelessSettings() {
  const settings = env();
  const missing = [
    ["AUTH_SECRET", settings.AUTH_SECRET ?? settings.NEXTAUTH_SECRET],
    ["TOKEN_PEPPER", settings.TOKEN_PEPPER],
    ["NEXT_SERVER_ACTIONS_ENCRYPTION_KEY", settings.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY],
    ["PUBLIC_URL", settings.PUBLIC_URL],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => /** @type {string} */ (name));
  if (missing.length === 0) return;
  const secrets = missing.filter((name) => name !== "PUBLIC_URL");
  const how = [
    secrets.length > 0 ? `${secrets.length > 1 ? "each secret" : secrets[0]}: openssl rand -base64 32` : "",
    missing.includes("PUBLIC_URL") ? "PUBLIC_URL: the origin people open the console at, such as https://tokens.example.com" : "",
  ].filter(Boolean);
  throw new ConfigError(
    `On PostgreSQL every instance must share ${listed(missing)}: set ${missing.length > 1 ? "them" : "it"} in the environment (${how.join("; ")}), the same on every instance.`,
  );
}

/** "A", "A and B", "A, B and C". @param {string[]} names */
const listed = (names) => (names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? ""));

/** Where the secrets file lives: <DATA_DIR>/secrets.json. */
export const secretsFile = () => path.join(/*turbopackIgnore: true*/ dataDir(), "secrets.json");

/**
 * A short, one-way fingerprint of the token pepper, stored in the database: it tells whether
 * the pepper at hand is the one the database's tokens were hashed with, and reveals nothing of it.
 * @param {string} pepper
 */
export const pepperFingerprint = (pepper) =>
  crypto.createHmac("sha256", pepper).update("token-console/pepper-fingerprint/v1").digest("base64url").slice(0, 22);

/** @type {ReturnType<typeof loadSecrets> | undefined} */
let secretsCache;
/** Read lazily, at the first request, so that `next build` never needs or creates secrets. */
export function secrets() {
  secretsCache ??= loadSecrets();
  return secretsCache;
}

/** @returns {{ authSecret: string, tokenPepper: string, file: string, generated: boolean }} */
function readOrCreateSecretsFile() {
  const file = secretsFile();
  ensurePrivateDir(path.dirname(file));
  const fresh = () => crypto.randomBytes(32).toString("base64url");
  let generated = false;
  try {
    // "wx" fails if the file exists, so two processes starting at once cannot overwrite each other.
    fs.writeFileSync(file, JSON.stringify({ authSecret: fresh(), tokenPepper: fresh() }, null, 2), { flag: "wx", mode: 0o600 });
    generated = true;
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") {
      throw new ConfigError(
        `The secrets file ${file} cannot be written (${errorCode(error)}): fix the data folder's permissions, or set AUTH_SECRET and TOKEN_PEPPER.`,
      );
    }
  }
  let stored;
  try {
    fs.chmodSync(/*turbopackIgnore: true*/ file, 0o600);
    stored = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(
      `The secrets file ${file} cannot be read (${errorCode(error)}): restore it from your backup, or set AUTH_SECRET and TOKEN_PEPPER.`,
    );
  }
  for (const key of ["authSecret", "tokenPepper"]) {
    if (typeof stored?.[key] !== "string" || stored[key].length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`${file} has no valid ${key}: restore the file from your backup, or set AUTH_SECRET and TOKEN_PEPPER.`);
    }
  }
  return { authSecret: stored.authSecret, tokenPepper: stored.tokenPepper, file, generated };
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

/** The address to listen on (HOST, else HOSTNAME), or undefined for every interface. */
export const listenHost = () => env().HOST ?? env().HOSTNAME;
