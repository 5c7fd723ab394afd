// @ts-check
// The one place that reads the environment. Plain ESM with JSDoc so that the scripts and the
// Prisma CLI can import it without a build.
import path from "node:path";
import proxyaddr from "proxy-addr";
import { z } from "zod";
import { isLoopbackAddress } from "./loopback.mjs";

/** A configuration mistake, said in one line that names the variable and the fix. */
export class ConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "ConfigError";
  }
}

export const MIN_SECRET_LENGTH = 32;
const blankIsUnset = (/** @type {unknown} */ value) => (value === "" ? undefined : value);
const count = (/** @type {number} */ fallback) => z.preprocess(blankIsUnset, z.coerce.number().int().positive().default(fallback));
const secret = z.preprocess(blankIsUnset, z.string().min(MIN_SECRET_LENGTH).optional());

// TRUST_PROXY in the syntax Express and proxy-addr use, so an existing setting carries over.
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

// HOSTNAME is accepted too because Next.js reads it.
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
  // What each token did (lib/dal/activity.ts): how often the counts are written, how long minute
  // and hour buckets are kept, and how many requests each token's log keeps.
  ACTIVITY_FLUSH_SECONDS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(300).default(5)),
  ACTIVITY_MINUTES_KEPT_HOURS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(720).default(48)),
  ACTIVITY_HOURS_KEPT_DAYS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(3650).default(90)),
  ACTIVITY_REQUESTS_KEPT: z.preprocess(blankIsUnset, z.coerce.number().int().min(0).max(100_000).default(1000)),
  TOKEN_DEFAULT_LIFETIME_DAYS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(3650).default(90)),
  TOKEN_MAX_LIFETIME_DAYS: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(3650).optional()),
  SUDO_MODE_MINUTES: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(1440).default(120)),
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
  PERMISSIONS_FILE: z.preprocess(blankIsUnset, z.string().max(4096).default("config/permissions.json")),
  // Single sign-on (OpenID Connect, lib/auth/sso.ts): on when the issuer, the client id and its
  // secret are all set.
  OIDC_ISSUER: z.preprocess(
    blankIsUnset,
    z
      .string()
      .max(2048)
      .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value) && !new URL(value).search && !new URL(value).hash)
      .optional(),
  ),
  OIDC_CLIENT_ID: z.preprocess(blankIsUnset, z.string().max(512).regex(/^\S+$/).optional()),
  OIDC_CLIENT_SECRET: z.preprocess(blankIsUnset, z.string().max(2048).optional()),
  OIDC_NAME: z.preprocess(
    blankIsUnset,
    z
      .string()
      .max(60)
      .regex(/^[^\r\n<>]+$/)
      .default("single sign-on"),
  ),
  OIDC_SCOPES: z.preprocess(
    blankIsUnset,
    z
      .string()
      .max(500)
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/)
      .refine((value) => value.split(" ").includes("openid"))
      .default("openid email profile"),
  ),
  OIDC_ONLY: z.preprocess(
    (value) => (typeof value === "string" && value !== "" ? value.toLowerCase() : undefined),
    z
      .enum(["1", "0", "true", "false"])
      .default("0")
      .transform((value) => value === "1" || value === "true"),
  ),
  OIDC_TEAM_CLAIM: z.preprocess(
    blankIsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9_.:\/-]{1,100}$/)
      .optional(),
  ),
  // Issue 29: webhooks to loopback, private, link-local or metadata addresses (checked at the
  // connection, after DNS resolution) are refused unless this says otherwise (tests, a lab).
  WEBHOOK_ALLOW_PRIVATE: z.preprocess(
    (value) => (typeof value === "string" && value !== "" ? value.toLowerCase() : undefined),
    z
      .enum(["1", "0", "true", "false"])
      .default("0")
      .transform((value) => value === "1" || value === "true"),
  ),
  // Prometheus metrics (lib/server/metrics.mjs): GET /metrics on the console's port answers a bearer
  // of METRICS_TOKEN (unset: 404); METRICS_PORT serves it on a port of its own, on METRICS_HOST.
  METRICS_TOKEN: z.preprocess(
    blankIsUnset,
    z
      .string()
      .min(MIN_SECRET_LENGTH)
      .max(512)
      .regex(/^[\x21-\x7E]+$/)
      .optional(),
  ),
  METRICS_PORT: z.preprocess(blankIsUnset, z.coerce.number().int().min(1).max(65535).optional()),
  METRICS_HOST: host,
});

/** @typedef {z.output<typeof envSchema>} Env */

// docs/configuration.md and .env.example must document each (test/operations/start.test.ts checks).
export const ENV_VARIABLES = /** @type {Array<keyof Env>} */ (Object.keys(envSchema.shape));

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
  ACTIVITY_FLUSH_SECONDS: "use a whole number of seconds from 1 to 300",
  ACTIVITY_MINUTES_KEPT_HOURS: "use a whole number of hours from 1 to 720",
  ACTIVITY_HOURS_KEPT_DAYS: "use a whole number of days from 1 to 3650",
  ACTIVITY_REQUESTS_KEPT: "use a whole number from 0 to 100000 (requests kept in each token's log)",
  TOKEN_DEFAULT_LIFETIME_DAYS: "use a whole number of days from 1 to 3650",
  TOKEN_MAX_LIFETIME_DAYS: "use a whole number of days from 1 to 3650, or unset it for no maximum",
  SUDO_MODE_MINUTES: "use a whole number of minutes from 1 to 1440 (how long a sign-in or a confirmation lets sensitive changes through)",
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
  PERMISSIONS_FILE: "use the path of the platform's resource list (JSON), or unset it for config/permissions.json",
  OIDC_ISSUER: "use the issuer URL of your OpenID Connect provider, such as https://login.example.com/realms/main (no query), or unset it",
  OIDC_CLIENT_ID: "use the client id the provider gave this console (no spaces), or unset it",
  OIDC_CLIENT_SECRET: "use that client's secret, or unset it",
  OIDC_NAME: "use the provider's name as people know it (up to 60 characters), shown as Sign in with <name>",
  OIDC_SCOPES: 'use the scopes to ask for, separated by spaces and including openid, such as "openid email profile groups"',
  OIDC_ONLY: "use 1 to turn password sign-in and sign-up off (single sign-on only), or 0",
  OIDC_TEAM_CLAIM: "use the name of the claim that lists a person's teams, such as groups, or unset it",
  WEBHOOK_ALLOW_PRIVATE: "use 1 to let webhooks reach loopback and private addresses (tests, a lab), or 0",
  METRICS_TOKEN: `use at least ${MIN_SECRET_LENGTH} random characters without spaces (openssl rand -hex 32), or unset it to turn /metrics off on the console's port`,
  METRICS_PORT: "use a port number from 1 to 65535 other than PORT, or unset it to serve /metrics on the console's port only",
  METRICS_HOST: "use the address the metrics port listens on, such as 127.0.0.1 (the default) or 0.0.0.0, or unset it",
});

/**
 * @param {NodeJS.ProcessEnv} [source]
 * @returns {Env}
 */
export function readEnv(source = process.env) {
  const result = envSchema.safeParse(source);
  if (result.success) {
    const { TOKEN_DEFAULT_LIFETIME_DAYS: lifetime, TOKEN_MAX_LIFETIME_DAYS: max } = result.data;
    const sso = /** @type {const} */ (["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"]);
    const set = sso.filter((name) => result.data[name] !== undefined);
    if (set.length > 0 && set.length < sso.length) {
      throw new ConfigError(
        `Single sign-on needs ${sso.join(", ")} together: ${sso.filter((name) => !set.includes(name)).join(" and ")} ${set.length === 2 ? "is" : "are"} not set.`,
      );
    }
    if (set.length > 0 && !result.data.PUBLIC_URL) {
      throw new ConfigError(
        "OIDC_ISSUER needs PUBLIC_URL: the provider sends people back to <PUBLIC_URL>/api/auth/callback/oidc, the address to register with it.",
      );
    }
    if (result.data.OIDC_ONLY && set.length === 0) {
      throw new ConfigError(
        "OIDC_ONLY=1 turns password sign-in off: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too, or nobody can sign in.",
      );
    }
    const { METRICS_PORT: metricsPort, PORT: port, METRICS_HOST: metricsHost } = result.data;
    if (metricsPort !== undefined && metricsPort === port) {
      throw new ConfigError(`METRICS_PORT=${metricsPort} is the console's PORT too: give the metrics a port of their own, or unset it.`);
    }
    if (metricsHost !== undefined && metricsPort === undefined) {
      throw new ConfigError("METRICS_HOST is set without METRICS_PORT: set the port the metrics listen on, or unset METRICS_HOST.");
    }
    // Off loopback, the metrics port answers the network: only a bearer of METRICS_TOKEN, then.
    if (
      metricsPort !== undefined &&
      metricsHost !== undefined &&
      !isLoopbackAddress(metricsHost) &&
      result.data.METRICS_TOKEN === undefined
    ) {
      throw new ConfigError(
        `METRICS_HOST=${metricsHost} opens the metrics port beyond this machine: set METRICS_TOKEN too (its bearers alone may read them), or listen on 127.0.0.1.`,
      );
    }
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
  const shown = /SECRET|PEPPER|KEY$|TOKEN$/.test(name)
    ? `(${String(value).length} characters)`
    : // A password in a URL is never echoed.
      JSON.stringify(String(value).replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, "$1***@"));
  throw new ConfigError(`${name}=${shown} is not valid: ${FIXES[name] ?? issue?.message}.`);
}

/** @type {Env | undefined} */
let cached;
export function env() {
  cached ??= readEnv();
  return cached;
}

export function dataDir() {
  // turbopackIgnore: the path is chosen at run time; the build must not trace the project for it.
  return path.resolve(/*turbopackIgnore: true*/ env().DATA_DIR);
}

export function databaseProvider() {
  return /^postgres(ql)?:/.test(env().DATABASE_URL ?? "") ? "postgresql" : "sqlite";
}

export function databaseUrl() {
  const fromEnv = env().DATABASE_URL;
  if (fromEnv && databaseProvider() === "postgresql") return fromEnv;
  if (fromEnv) return `file:${path.resolve(/*turbopackIgnore: true*/ fromEnv.slice("file:".length))}`;
  return `file:${path.join(/*turbopackIgnore: true*/ dataDir(), "token-console.db")}`;
}

export function databaseFile() {
  if (databaseProvider() !== "sqlite") throw new Error("databaseFile() is for SQLite; DATABASE_URL names a PostgreSQL server");
  return databaseUrl().slice("file:".length);
}

// For messages: never shows the password.
export function databaseLabel() {
  if (databaseProvider() === "sqlite") return databaseFile();
  const url = new URL(databaseUrl());
  return `PostgreSQL database ${url.pathname.slice(1) || "(default)"} on ${url.hostname}:${url.port || 5432}`;
}

export const listenHost = () => env().HOST ?? env().HOSTNAME;

/** Where the metrics port listens: loopback unless METRICS_HOST says otherwise. */
export const metricsHost = () => env().METRICS_HOST ?? "127.0.0.1";
