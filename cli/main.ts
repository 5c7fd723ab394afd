import fs from "node:fs";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { configFile, consoleUrl, credentials, normalizeUrl, removeConfig, writeConfig, type Credentials } from "./config";
import { EXIT, Refused, UsageError, printable, redact } from "./errors";
import { HELP, MAIN_HELP } from "./help";
import { authed, call } from "./http";
import { fields, json, show, table } from "./output";
import { askLine, askSecret, readStdin } from "./prompt";
import { displayPrefixOf, isWellFormedToken } from "../lib/server/token-shape";
import { scanPaths } from "../lib/server/token-scan";
import { platformTimestamp } from "../lib/platform-time";

// tkc: the command line of Token Console. It speaks the public /v2 API only, over HTTP, with the
// token of `tkc login` (or TKC_URL and TKC_TOKEN). bin/tkc.mjs runs this file with tsx.

type Io = { out: (text: string) => void; err: (text: string) => void };
type Options = ParseArgsConfig["options"];
type Values = Record<string, string | boolean | string[] | undefined>;

const COMMON: Options = { json: { type: "boolean" }, help: { type: "boolean", short: "h" } };

function parse(command: string, args: string[], options: Options = {}): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, "."), command);
  }
}

const text = (values: Values, name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);

function onlyPositionals(command: string, positionals: string[], names: string[]): string[] {
  if (positionals.length < names.length) throw new UsageError(`Missing ${names[positionals.length]}.`, command);
  if (positionals.length > names.length) throw new UsageError(`Unexpected argument: ${redact(positionals[names.length]!)}`, command);
  return positionals;
}

function wholeNumber(command: string, flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${flag} takes a whole number, not ${JSON.stringify(raw)}.`, command);
  return Number(raw);
}

const permissionList = (raw: string) =>
  raw
    .split(/[\s,]+/)
    .map((permission) => permission.trim())
    .filter(Boolean);

type Key = Record<string, unknown>;

/** The fields of one key (as GET /v2/api lists it, and GET /v2/api/self answers it), for people. */
const keyFields = (key: Key): Array<[string, unknown]> => [
  ["id", key.id],
  ["name", key.name],
  ["scope", key.scope],
  ["permissions", key.permissions],
  ["display prefix", key.display_prefix],
  ["description", key.description],
  ["allowed IPs", key.allowed_ips],
  ["state", key.status],
  ["created", key.created_at],
  ["expires", key.expires_at ?? "never"],
  ["last used", key.last_used_at ? `${String(key.last_used_at)}${key.last_used_ip ? ` from ${String(key.last_used_ip)}` : ""}` : "never"],
];

/** A key's limits, as whoami tells them: its rate limit per minute and its quota, or none. */
const limitFields = (key: Key): Array<[string, unknown]> => [
  ["rate limit", typeof key.rate_limit_per_minute === "number" ? `${key.rate_limit_per_minute} requests a minute` : "none"],
  ["quota", typeof key.quota === "number" ? `${String(key.quota_remaining ?? key.quota)} of ${key.quota} requests left` : "none"],
];

/** The secret a create or roll answered, printed alone on stdout: a console's token, or nothing printed at all. */
function newSecret(answer: { json: Record<string, unknown> }): string {
  const secret = answer.json.apikey;
  if (typeof secret !== "string" || !isWellFormedToken(secret))
    throw new Refused("The console's answer holds no Token Console token: is it a Token Console?");
  return secret;
}

async function self(creds: Credentials) {
  return authed(creds, "GET", "/api/self");
}

// --- Commands -------------------------------------------------------------------------------

async function login(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("login", args, { url: { type: "string" } });
  if (values.help) return help("login", io);
  onlyPositionals("login", positionals, []);
  const interactive = process.stdin.isTTY === true;
  let rawUrl = text(values, "url") ?? (interactive ? await askLine("Console URL (https://…): ") : undefined);
  if (!rawUrl) throw new UsageError("Give the console's URL with --url when the token comes from stdin.", "login");
  const url = normalizeUrl(rawUrl);
  rawUrl = undefined;
  const token = (interactive ? await askSecret("Token (not shown): ") : await readStdin()).trim();
  if (!token) throw new UsageError("No token given: type it at the prompt, or pipe it on stdin.", "login");
  const answer = await self({ url, token });
  const key = (answer.json.api ?? {}) as Key;
  const file = writeConfig({ url, token });
  if (values.json) io.out(json(answer.json));
  io.err(`Logged in to ${url} with ${show(key.name)} (${show(key.display_prefix)}…). Stored in ${file}.\n`);
  return EXIT.ok;
}

async function logout(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("logout", args);
  if (values.help) return help("logout", io);
  onlyPositionals("logout", positionals, []);
  const removed = removeConfig();
  io.err(removed ? `Logged out: removed ${configFile()}.\n` : `Not logged in: there was no ${configFile()}.\n`);
  if (process.env.TKC_URL || process.env.TKC_TOKEN) io.err("TKC_URL and TKC_TOKEN are still set in the environment.\n");
  return EXIT.ok;
}

async function whoami(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("whoami", args);
  if (values.help) return help("whoami", io);
  onlyPositionals("whoami", positionals, []);
  const creds = credentials();
  const answer = await self(creds);
  if (values.json) io.out(json(answer.json));
  else {
    const key = (answer.json.api ?? {}) as Key;
    io.out(`${fields([["console", creds.url], ...keyFields(key), ...limitFields(key)])}\n`);
  }
  return EXIT.ok;
}

async function tokens(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    if (sub === undefined) {
      io.err(`Missing the tokens command.\n\n${HELP.tokens}\n`);
      return EXIT.usage;
    }
    return help("tokens", io);
  }
  const command = `tokens ${sub}`;
  switch (sub) {
    case "list": {
      const { values, positionals } = parse(command, rest);
      if (values.help) return help(command, io);
      onlyPositionals(command, positionals, []);
      const answer = await authed(credentials(), "GET", "/api");
      if (values.json) {
        io.out(json(answer.json));
        return EXIT.ok;
      }
      const keys = (answer.json.api ?? []) as Key[];
      if (keys.length === 0) {
        io.err("No tokens.\n");
        return EXIT.ok;
      }
      const rows = keys.map((key) =>
        [
          key.id,
          key.name,
          key.scope,
          `${show(key.display_prefix)}…`,
          key.status,
          key.expires_at ?? "never",
          key.last_used_at ?? "never",
        ].map(show),
      );
      io.out(`${table(["ID", "NAME", "SCOPE", "PREFIX", "STATE", "EXPIRES", "LAST USED"], rows)}\n`);
      return EXIT.ok;
    }
    case "create": {
      const { values, positionals } = parse(command, rest, {
        name: { type: "string" },
        write: { type: "boolean" },
        "read-only": { type: "boolean" },
        permissions: { type: "string" },
        "expires-in-days": { type: "string" },
        description: { type: "string" },
        "allowed-ip": { type: "string", multiple: true },
      });
      if (values.help) return help(command, io);
      onlyPositionals(command, positionals, []);
      const name = text(values, "name");
      if (!name) throw new UsageError("Missing --name.", command);
      const kinds = ["write", "read-only", "permissions"].filter((flag) => values[flag] !== undefined);
      if (kinds.length > 1)
        throw new UsageError(
          `Give one of --read-only, --write and --permissions, not ${kinds.map((k) => `--${k}`).join(" and ")}.`,
          command,
        );
      const body: Record<string, unknown> = { name };
      const permissions = text(values, "permissions");
      if (permissions !== undefined) {
        body.permissions = permissionList(permissions);
        if ((body.permissions as string[]).length === 0) throw new UsageError("--permissions lists no permission.", command);
      } else body.write = values.write === true ? "on" : "off";
      const days = wholeNumber(command, "expires-in-days", text(values, "expires-in-days"));
      if (days !== undefined) body.expires_in_days = days;
      const description = text(values, "description");
      if (description !== undefined) body.description = description;
      const allowed = values["allowed-ip"] as string[] | undefined;
      if (allowed) body.allowed_ips = allowed.flatMap((entry) => entry.split(",").map((part) => part.trim())).filter(Boolean);
      const answer = await authed(credentials(), "POST", "/api/generate", { json: body });
      if (values.json) {
        io.out(json(answer.json));
        return EXIT.ok;
      }
      io.out(`${newSecret(answer)}\n`);
      io.err(
        `Created ${show(answer.json.name)} (id ${show(answer.json.id)}, ${show(answer.json.scope)}${answer.json.expires_at ? `, expires ${show(answer.json.expires_at)}` : ""}). Its secret is on stdout, shown this once only.\n`,
      );
      return EXIT.ok;
    }
    case "roll": {
      const { values, positionals } = parse(command, rest, { "grace-seconds": { type: "string" } });
      if (values.help) return help(command, io);
      const [id] = onlyPositionals(command, positionals, ["the token's id"]);
      const grace = wholeNumber(command, "grace-seconds", text(values, "grace-seconds"));
      const answer = await authed(credentials(), "POST", `/api/${encodeURIComponent(id!)}/roll`, {
        json: grace === undefined ? {} : { grace_seconds: grace },
      });
      if (values.json) {
        io.out(json(answer.json));
        return EXIT.ok;
      }
      io.out(`${newSecret(answer)}\n`);
      const until = answer.json.previous_valid_until;
      io.err(
        `Rolled ${printable(id!)}: its new secret is on stdout, shown this once only. ${until ? `The previous secret works until ${show(until)}.` : "The previous secret no longer works."}\n`,
      );
      return EXIT.ok;
    }
    case "narrow": {
      const { values, positionals } = parse(command, rest, { permissions: { type: "string" } });
      if (values.help) return help(command, io);
      const [id] = onlyPositionals(command, positionals, ["the token's id"]);
      const permissions = text(values, "permissions");
      if (permissions === undefined) throw new UsageError("Missing --permissions: the permissions the token keeps.", command);
      const list = permissionList(permissions);
      if (list.length === 0) throw new UsageError("--permissions lists no permission (a token that needs none is one to delete).", command);
      const answer = await authed(credentials(), "POST", `/api/${encodeURIComponent(id!)}/narrow`, { json: { permissions: list } });
      if (values.json) io.out(json(answer.json));
      // The narrow answer is flat (the key's fields beside "status": "success"): no state of its own to show.
      else io.out(`${show(answer.json.message)}\n${fields(keyFields(answer.json).filter(([name]) => name !== "state"))}\n`);
      return EXIT.ok;
    }
    case "delete": {
      const { values, positionals } = parse(command, rest);
      if (values.help) return help(command, io);
      const [id] = onlyPositionals(command, positionals, ["the token's id"]);
      const answer = await authed(credentials(), "DELETE", `/api/${encodeURIComponent(id!)}/delete`);
      if (values.json) io.out(json(answer.json));
      else io.out(`${show(answer.json.message)}: ${id}\n`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`Unknown command: tokens ${redact(sub)}`, "tokens");
  }
}

async function verify(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("verify", args);
  if (values.help) return help("verify", io);
  const [given] = onlyPositionals("verify", positionals, ["the token to verify (or - to read it from stdin)"]);
  const token = (given === "-" ? await readStdin() : given!).trim();
  if (!token) throw new UsageError("No token to verify on stdin.", "verify");
  const answer = await authed(credentials(), "POST", "/tokens/introspect", { form: { token } });
  const active = answer.json.active === true;
  if (values.json) io.out(json(answer.json));
  else if (active) {
    // In the API's own spelling of a time (UTC), as list and whoami print it.
    const exp = typeof answer.json.exp === "number" ? platformTimestamp(new Date(answer.json.exp * 1000)) : "never";
    io.out(
      `active\n${fields([
        ["id", answer.json.jti],
        ["owner", answer.json.sub],
        ["permissions", answer.json.permissions],
        ["expires", exp],
      ])}\n`,
    );
  } else io.out("inactive\n");
  return active ? EXIT.ok : EXIT.refused;
}

const REVOKE_BATCH = 1_000;

async function scan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("scan", args, { revoke: { type: "boolean" } });
  if (values.help) return help("scan", io);
  if (positionals.length === 0) throw new UsageError("Missing the folder or file to scan.", "scan");
  const missing = positionals.filter((entry) => !fs.existsSync(entry));
  if (missing.length > 0) throw new UsageError(`No such file or folder: ${missing.map(redact).join(", ")}`, "scan");
  const url = values.revoke ? consoleUrl() : undefined;
  if (values.revoke && !url) throw new UsageError("--revoke needs the console's URL: run `tkc login`, or set TKC_URL.", "scan");
  const { scanned, found } = scanPaths(positionals);
  const places = found.map(({ file, line, column, token }) => ({ file, line, column, display_prefix: displayPrefixOf(token) }));
  const files = `${scanned} file${scanned === 1 ? "" : "s"}`;
  let reported: string | undefined;
  let failed: unknown;
  if (url && found.length > 0) {
    const distinct = [...new Set(found.map(({ token }) => token))];
    try {
      for (let start = 0; start < distinct.length; start += REVOKE_BATCH) {
        const answer = await call(url, "POST", "/credentials/revoke", {
          json: { credentials: distinct.slice(start, start + REVOKE_BATCH) },
        });
        reported = show(answer.json.message);
      }
    } catch (error) {
      failed = error;
    }
  }
  if (values.json) io.out(json({ scanned, found: places, ...(url && found.length > 0 ? { reported: failed === undefined } : {}) }));
  else for (const place of places) io.out(`${printable(place.file)}:${place.line}:${place.column}  ${place.display_prefix}…\n`);
  if (found.length === 0) io.err(`No Token Console token in ${files}.\n`);
  else {
    const them = found.length === 1 ? "it" : "them";
    io.err(`Found ${found.length} Token Console token${found.length === 1 ? "" : "s"} in ${files}.\n`);
    if (failed !== undefined) io.err(`Could not report ${them}: ${redact((failed as Error).message)}\n`);
    else if (reported !== undefined) io.err(`Reported ${them} to ${url}: ${reported}\nNow remove ${them} from the files.\n`);
    else io.err(`Revoke ${them} (tkc scan --revoke reports ${them} to the console) and remove ${them} from the files.\n`);
  }
  return found.length === 0 ? EXIT.ok : EXIT.refused;
}

function help(command: string | undefined, io: Io): number {
  io.out(`${(command && HELP[command]) || MAIN_HELP}\n`);
  return EXIT.ok;
}

const COMMANDS: Record<string, (args: string[], io: Io) => Promise<number>> = { login, logout, whoami, tokens, verify, scan };

export async function main(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.err(`${MAIN_HELP}\n`);
      return EXIT.usage;
    }
    if (command === "--help" || command === "-h" || command === "help")
      return help(rest[0] && HELP[rest.join(" ")] ? rest.join(" ") : undefined, io);
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`Unknown command: ${redact(command)}`);
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      const usage = error.command ? HELP[error.command] : undefined;
      io.err(`tkc: ${redact(error.message)}\n\n${usage ?? "Run `tkc --help` for the commands."}\n`);
      return EXIT.usage;
    }
    if (error instanceof Refused) {
      io.err(`tkc: ${redact(error.message)}\n`);
      return EXIT.refused;
    }
    // Anything else is tkc's own failure: its message (cut of any secret), not a stack of our internals.
    io.err(`tkc: ${redact(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT.refused;
  }
}
