// Runtime configuration shared by the Next.js server, the start script and the Prisma CLI.
// Plain ESM so that `node scripts/*.mjs` can use it without a TypeScript step.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** Folder for the embedded database and the generated secrets (git-ignored). */
export function dataDir() {
  // turbopackIgnore: the path is chosen at run time; the build must not trace the project for it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR ?? "data");
}

/** `file:<absolute path>` for SQLite; DATABASE_URL wins when set. */
export function databaseUrl() {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    if (!fromEnv.startsWith("file:")) {
      throw new Error("DATABASE_URL must be a SQLite URL of the form file:/path/to/db (PostgreSQL is not wired yet)");
    }
    return `file:${path.resolve(/*turbopackIgnore: true*/ fromEnv.slice("file:".length))}`;
  }
  return `file:${path.join(/*turbopackIgnore: true*/ dataDir(), "token-console.db")}`;
}

/** The filesystem path behind databaseUrl(). */
export function databaseFile() {
  return databaseUrl().slice("file:".length);
}

/** Reads `.env` into process.env when present, without overriding what is already set. */
export function loadDotEnv(file = ".env") {
  if (fs.existsSync(/*turbopackIgnore: true*/ file)) process.loadEnvFile(file);
}

function randomSecret() {
  return crypto.randomBytes(32).toString("base64url");
}

const MIN_SECRET_LENGTH = 32;

/**
 * The auth secret (signs session cookies) and the token pepper (keys the HMAC of every token).
 * Environment variables win; otherwise they are read from `<data dir>/secrets.json`, which the
 * first start creates with fresh random values (mode 0600), so that no setup step is needed
 * and no secret is ever committed.
 * @returns {{ authSecret: string, tokenPepper: string }}
 */
export function loadSecrets() {
  const fromEnv = {
    authSecret: process.env.AUTH_SECRET ?? process.env.NEXTAUTH_SECRET,
    tokenPepper: process.env.TOKEN_PEPPER,
  };
  let stored = {};
  if (!fromEnv.authSecret || !fromEnv.tokenPepper) stored = readOrCreateSecretsFile();
  const secrets = {
    authSecret: fromEnv.authSecret ?? stored.authSecret,
    tokenPepper: fromEnv.tokenPepper ?? stored.tokenPepper,
  };
  for (const [name, value] of Object.entries(secrets)) {
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) {
      throw new Error(`${name} must be at least ${MIN_SECRET_LENGTH} characters (see README, Configuration)`);
    }
  }
  return secrets;
}

function readOrCreateSecretsFile() {
  const file = path.join(/*turbopackIgnore: true*/ dataDir(), "secrets.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx" fails if the file exists, so two processes starting at once cannot overwrite each other.
    fs.writeFileSync(file, JSON.stringify({ authSecret: randomSecret(), tokenPepper: randomSecret() }, null, 2), {
      flag: "wx",
      mode: 0o600,
    });
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== "EEXIST") throw error;
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
