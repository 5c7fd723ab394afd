// @ts-check
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ConfigError, dataDir, env, MIN_SECRET_LENGTH } from "./config.mjs";
import { ensurePrivateDir, errorCode } from "./data-folder.mjs";

/**
 * Unless set in the environment, the first start generates secrets.json (mode 0600): no setup
 * step, and no secret ever committed.
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

// On PostgreSQL instances are interchangeable: what they share comes from the environment, never
// from a file one of them generated. All missing ones are named at once, to be fixed in one attempt.
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

/** @param {string[]} names */
const listed = (names) => (names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? ""));

export const secretsFile = () => path.join(/*turbopackIgnore: true*/ dataDir(), "secrets.json");

/**
 * Stored in the database to tell whether this pepper is the one its tokens were hashed with,
 * without revealing it.
 * @param {string} pepper
 */
export const pepperFingerprint = (pepper) =>
  crypto.createHmac("sha256", pepper).update("token-console/pepper-fingerprint/v1").digest("base64url").slice(0, 22);

/** @type {ReturnType<typeof loadSecrets> | undefined} */
let secretsCache;
// Lazy, so that `next build` never needs or creates secrets.
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
