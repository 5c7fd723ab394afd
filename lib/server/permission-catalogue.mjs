// @ts-check
// The resources a token may hold permissions on: the built-in ones, and the platform's from
// PERMISSIONS_FILE, read once and checked at start (scripts/start.mjs), so that a mistake in the
// file stops the start with one line naming the entry, not a request later. Plain JavaScript,
// like the configuration, so that the start script reads it without a build. The model built on
// it (presets, expansion, summaries) is lib/permissions.ts.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError, env } from "./config.mjs";

/** @typedef {{ id: string, label: string, description: string, builtIn: boolean, adminOnly?: boolean }} Resource */

/** The console's own resources; each route of ours names one of them (lib/api/handler.ts). */
export const BUILT_IN_RESOURCES = /** @type {const} */ ([
  { id: "account", label: "Account", description: "The account's own details (GET /v2/account/info)", builtIn: true },
  { id: "api_keys", label: "API keys", description: "The account's API tokens: list, create, edit, roll, narrow, delete", builtIn: true },
  // One permission, tokens:introspect (POST /v2/tokens/introspect): no preset holds it, only an admin grants it.
  {
    id: "tokens",
    label: "Token introspection",
    description: "Ask whether any token is live and what it holds (POST /v2/tokens/introspect); admins only",
    builtIn: true,
    adminOnly: true,
  },
]);

const RESOURCE_ID = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_RESOURCES = 200;
const MAX_FILE_BYTES = 256 * 1024;

const resource = z
  .object({
    id: z.string().regex(RESOURCE_ID, 'use lower-case letters, digits and "_", starting with a letter, at most 40 characters'),
    label: z.string().trim().min(1, "give it a label").max(40, "use a label of at most 40 characters"),
    description: z.string().trim().min(1, "give it a description").max(200, "use a description of at most 200 characters"),
  })
  .strict();

const document = z
  .object({
    $comment: z.string().optional(),
    resources: z.array(z.unknown(), { error: 'list the resources as "resources": [{ "id", "label", "description" }]' }).max(MAX_RESOURCES),
  })
  .strict();

/**
 * @param {unknown} entry
 * @returns {string}
 */
const nameOf = (entry) =>
  entry && typeof entry === "object" && "id" in entry && typeof entry.id === "string" ? ` (${JSON.stringify(entry.id.slice(0, 40))})` : "";

/**
 * The platform's resources in a file's text, or a ConfigError naming the file and the entry.
 * @param {string} text
 * @param {string} file how the error names the file
 * @returns {Resource[]}
 */
export function parsePermissionsFile(text, file) {
  const fail = (/** @type {string} */ what) => new ConfigError(`PERMISSIONS_FILE ${file}: ${what}.`);
  /** @type {unknown} */
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // V8 quotes the text it could not read, newlines and all: the reason alone, on one line.
    const reason = (error instanceof Error ? error.message : String(error)).split(/, (?:"|\.\.\.)/)[0]?.replace(/\s+/g, " ") ?? "";
    throw fail(`is not valid JSON (${reason.slice(0, 200)})`);
  }
  const top = document.safeParse(json);
  if (!top.success) {
    const issue = top.error.issues[0];
    throw fail(
      issue?.code === "unrecognized_keys"
        ? `holds ${issue.keys.map((key) => `"${key}"`).join(", ")}, which it does not know`
        : 'is not a resource list: write {"resources": [{ "id", "label", "description" }]}',
    );
  }
  const builtIn = new Set(/** @type {string[]} */ (BUILT_IN_RESOURCES.map((entry) => entry.id)));
  const seen = new Set();
  return top.data.resources.map((entry, index) => {
    const where = `resources[${index}]${nameOf(entry)}`;
    const parsed = resource.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? ` ${issue.path.join(".")}` : "";
      const fix =
        issue?.code === "unrecognized_keys"
          ? `has ${issue.keys.map((key) => `"${key}"`).join(", ")}: an entry has only "id", "label" and "description"`
          : issue?.code === "invalid_type"
            ? `needs${field || " to be an object"}${field ? " as text" : ""}`
            : `${field.trim()}: ${issue?.message}`;
      throw fail(`${where} ${fix}`);
    }
    if (builtIn.has(parsed.data.id)) throw fail(`${where} is a built-in resource: remove it from the file`);
    if (seen.has(parsed.data.id)) throw fail(`${where} is listed twice`);
    seen.add(parsed.data.id);
    return { ...parsed.data, builtIn: false };
  });
}

/** @type {Resource[] | undefined} */
let cached;

/**
 * Every resource, built-in first: what presets cover and what the drawer offers. Read once.
 * @returns {Resource[]}
 */
export function resourceCatalogue() {
  if (cached) return cached;
  const configured = env().PERMISSIONS_FILE;
  const file = path.resolve(/*turbopackIgnore: true*/ process.cwd(), configured);
  const tooLarge = () => new ConfigError(`PERMISSIONS_FILE ${configured}: is larger than ${MAX_FILE_BYTES / 1024} KB.`);
  /** @type {string} */
  let text;
  try {
    // A file, not a device or a pipe (a symlink to /dev/zero reads forever, a FIFO blocks the
    // start): their size says 0. And read no more than the cap, should the file grow meanwhile.
    const stat = fs.statSync(/*turbopackIgnore: true*/ file);
    if (!stat.isFile())
      throw new ConfigError(
        `PERMISSIONS_FILE ${configured}: is not a file: point PERMISSIONS_FILE at the platform's resource list, or unset it for config/permissions.json.`,
      );
    if (stat.size > MAX_FILE_BYTES) throw tooLarge();
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    const fd = fs.openSync(/*turbopackIgnore: true*/ file, "r");
    let length = 0;
    try {
      while (length < buffer.length) {
        const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
        if (read === 0) break;
        length += read;
      }
    } finally {
      fs.closeSync(fd);
    }
    if (length > MAX_FILE_BYTES) throw tooLarge();
    text = buffer.toString("utf8", 0, length);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = /** @type {{ code?: string }} */ (error).code;
    throw new ConfigError(
      `PERMISSIONS_FILE ${configured}: ${code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(error)})`}: point PERMISSIONS_FILE at the platform's resource list, or unset it for config/permissions.json.`,
    );
  }
  cached = [...BUILT_IN_RESOURCES, ...parsePermissionsFile(text, configured)];
  return cached;
}

/** Forgets the file read: for tests that change PERMISSIONS_FILE. */
export function forgetResourceCatalogue() {
  cached = undefined;
}
