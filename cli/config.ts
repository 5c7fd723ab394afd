import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "./errors";
import { isLoopbackHost } from "../lib/server/loopback.mjs";

// Where `tkc login` keeps the console's URL and the token: $XDG_CONFIG_HOME/tkc/config.json
// (~/.config/tkc/config.json without it), the folder 0700 and the file 0600, made with those
// modes (never widened and then narrowed). TKC_URL and TKC_TOKEN override what the file holds.

export type Credentials = { url: string; token: string };

export function configFolder(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".config");
  return path.join(base, "tkc");
}

export const configFile = (env: NodeJS.ProcessEnv = process.env) => path.join(configFolder(env), "config.json");

/** The console's base URL, without a trailing slash or /v2: `https://console.example.com`. */
export function normalizeUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`Not a URL: ${raw.trim()} (give the console's address, such as https://console.example.com)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError(`The URL must start with https:// or http://`);
  if (url.username || url.password) throw new UsageError("The URL must not hold a user name or password.");
  return `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\/v2$/, "")}`;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Partial<Credentials> {
  const file = configFile(env);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return {};
  }
  // Made 0600; widened since (by hand, a copy, a backup tool): say so, the token is in it.
  if ((fs.statSync(file).mode & 0o077) !== 0)
    process.stderr.write(
      `tkc: warning: ${file} is readable by others; run chmod 600 on it (and roll the token if others may have read it).\n`,
    );
  try {
    const parsed = JSON.parse(text) as Partial<Credentials>;
    return {
      url: typeof parsed.url === "string" ? parsed.url : undefined,
      token: typeof parsed.token === "string" ? parsed.token : undefined,
    };
  } catch {
    throw new UsageError(`${file} is not valid JSON: run tkc login again, or tkc logout.`);
  }
}

/**
 * The URL and token to call with: TKC_URL and TKC_TOKEN first, then the config file. The stored
 * token goes only to the console it was stored for: a TKC_URL naming another (set by a Makefile,
 * a CI variable, a folder's .envrc) must come with its own TKC_TOKEN.
 */
export function credentials(env: NodeJS.ProcessEnv = process.env): Credentials {
  const stored = readConfig(env);
  const token = env.TKC_TOKEN || stored.token;
  const url = chosenUrl(env, stored, {
    ownToken: Boolean(env.TKC_TOKEN),
    what: "set TKC_TOKEN with it (the stored token is sent only to its own console)",
  });
  if (!url || !token) throw new UsageError("Not logged in: run `tkc login`, or set TKC_URL and TKC_TOKEN.");
  return { url, token: token.trim() };
}

/**
 * The console to speak to: TKC_URL, else the login's. A TKC_URL naming another console than the
 * login's is refused unless it comes with its own token: what tkc sends there (the stored token,
 * or the secrets `scan --revoke` found) would go to whoever set the variable.
 */
function chosenUrl(env: NodeJS.ProcessEnv, stored: Partial<Credentials>, { ownToken, what }: { ownToken: boolean; what: string }) {
  const raw = env.TKC_URL || stored.url;
  if (!raw) return undefined;
  const url = normalizeUrl(raw);
  if (env.TKC_URL && stored.url && !ownToken && normalizeUrl(stored.url) !== url)
    throw new UsageError(`TKC_URL names ${url}, not the console you logged in to: ${what}.`);
  warnIfPlainHttp(url);
  return url;
}

/** A token over plain http to another machine crosses the network readable: said, not refused (a lab may mean it). */
function warnIfPlainHttp(url: string) {
  const { protocol, hostname } = new URL(url);
  if (protocol === "http:" && !isLoopbackHost(hostname))
    process.stderr.write(`tkc: warning: ${url} is plain http: tokens cross the network unencrypted.\n`);
}

/** The URL alone (`tkc scan --revoke` needs no token): the found secrets go there, so TKC_URL is held to the login's too. */
export function consoleUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return chosenUrl(env, readConfig(env), {
    ownToken: false,
    what: "run tkc logout, or tkc login to it, before reporting found tokens there (they would go to whoever set TKC_URL)",
  });
}

export function writeConfig(values: Credentials, env: NodeJS.ProcessEnv = process.env): string {
  const folder = configFolder(env);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  // A folder made before (by hand, or under a wide umask) is ours alone from now on.
  if ((fs.statSync(folder).mode & 0o077) !== 0) fs.chmodSync(folder, 0o700);
  const file = configFile(env);
  // A new file, made 0600, written, then renamed over the old one: no moment where the token is
  // in a file anyone else can read, and no half-written config.
  const temporary = path.join(folder, `.config.json.${process.pid}.tmp`);
  const fd = fs.openSync(temporary, "wx", 0o600);
  try {
    fs.writeFileSync(fd, `${JSON.stringify(values, null, 2)}\n`);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  return file;
}

/** Removes the config file; false when there was none. */
export function removeConfig(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    fs.unlinkSync(configFile(env));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
