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
import { compileRouteRules, routeMethodProblem, routePathProblem } from "./route-rules.mjs";

/**
 * A resource and its route rules (lib/server/route-rules.mjs; empty when the file gives none).
 * `adminOnly`: no preset holds it, only an admin grants it.
 * @typedef {import("./route-rules.mjs").Route} Route
 * @typedef {{ id: string, label: string, description: string, builtIn: boolean, routes: readonly Route[], adminOnly?: boolean }} Resource
 */

/** The console's own resources; each route of ours names one of them (lib/api/handler.ts). */
export const BUILT_IN_RESOURCES = /** @type {const} */ ([
  {
    id: "account",
    label: "Account",
    description: "The account's own details (GET /v2/account/info)",
    builtIn: true,
    routes: [],
  },
  {
    id: "api_keys",
    label: "API keys",
    description: "The account's API tokens: list, create, edit, roll, narrow, delete",
    builtIn: true,
    routes: [],
  },
  // One permission, tokens:introspect (POST /v2/tokens/introspect): no preset holds it, only an admin grants it.
  {
    id: "tokens",
    label: "Token introspection",
    description: "Ask whether any token is live and what it holds (POST /v2/tokens/introspect); admins only",
    builtIn: true,
    routes: [],
    adminOnly: true,
  },
]);

const RESOURCE_ID = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_RESOURCES = 200;
const MAX_FILE_BYTES = 256 * 1024;
const MAX_ROUTES = 100;

/** A zod check from one of route-rules.mjs's problem finders: the same words at start and in tests. */
const checkedBy = (/** @type {(value: string) => string | null} */ problem) =>
  z.string({ error: "write it as text" }).superRefine((value, context) => {
    const found = problem(value);
    if (found) context.addIssue({ code: "custom", message: found });
  });

const route = z
  .object({
    method: checkedBy(routeMethodProblem),
    path: checkedBy(routePathProblem),
    action: z.enum(["read", "write"], { error: 'use "read" or "write"' }),
  })
  .strict();

const resource = z
  .object({
    id: z.string().regex(RESOURCE_ID, 'use lower-case letters, digits and "_", starting with a letter, at most 40 characters'),
    label: z.string().trim().min(1, "give it a label").max(40, "use a label of at most 40 characters"),
    description: z.string().trim().min(1, "give it a description").max(200, "use a description of at most 200 characters"),
    routes: z
      .array(route, { error: 'list the rules as "routes": [{ "method", "path", "action" }]' })
      .max(MAX_ROUTES, `list at most ${MAX_ROUTES} rules for a resource`)
      .optional(),
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
 * An issue's path as the file reads: ["routes", 2, "path"] is "routes[2] path".
 * @param {readonly PropertyKey[]} at
 */
const fieldOf = (at) =>
  at
    .map((key) => (typeof key === "number" ? `[${key}]` : ` ${String(key)}`))
    .join("")
    .trim();

/**
 * One line for a resource entry's first issue.
 * @param {z.core.$ZodIssue | undefined} issue
 */
function entryProblem(issue) {
  const at = issue?.path ?? [];
  const field = fieldOf(at);
  const inRoute = at[0] === "routes" && typeof at[1] === "number";
  if (issue?.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `"${key}"`).join(", ");
    return inRoute
      ? `${field} has ${keys}: a rule has only "method", "path" and "action"`
      : `has ${keys}: an entry has only "id", "label", "description" and "routes"`;
  }
  if (issue?.code === "invalid_type") {
    if (at.length === 0) return "needs to be an object";
    if (at.length === 1 && at[0] === "routes") return `routes: ${issue.message}`;
    if (inRoute && at.length === 2) return `${field} needs to be an object { "method", "path", "action" }`;
    if (inRoute) return `${field}: ${issue.message}`;
    return `needs ${field} as text`;
  }
  return `${field}: ${issue?.message}`;
}

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
  /** @type {Resource[]} */
  const resources = top.data.resources.map((entry, index) => {
    const where = `resources[${index}]${nameOf(entry)}`;
    const parsed = resource.safeParse(entry);
    if (!parsed.success) {
      throw fail(`${where} ${entryProblem(parsed.error.issues[0])}`);
    }
    if (builtIn.has(parsed.data.id)) throw fail(`${where} is a built-in resource: remove it from the file`);
    if (seen.has(parsed.data.id)) throw fail(`${where} is listed twice`);
    seen.add(parsed.data.id);
    const routes = parsed.data.routes ?? [];
    return { ...parsed.data, routes, builtIn: false };
  });
  // Two rules on one path and method, in one resource or two: which wins is not the file's to leave open.
  try {
    compileRouteRules(resources, { name: (r, i) => `resources[${r}]${nameOf(resources[r])} routes[${i}]` });
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  return resources;
}

/** @type {Resource[] | undefined} */
let cached;
/** @type {import("./route-rules.mjs").RouteRules | undefined} */
let compiledRules;

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
  const resources = [...BUILT_IN_RESOURCES, ...parsePermissionsFile(text, configured)];
  // Compiled with the catalogue, so that the start (which reads the catalogue) also builds the rules.
  compiledRules = compileRouteRules(resources);
  cached = resources;
  return cached;
}

/**
 * The catalogue's route rules, compiled once with it: which permission a request to the platform
 * needs (forward auth). A request no rule matches is refused.
 * @returns {import("./route-rules.mjs").RouteRules}
 */
export function routeRules() {
  resourceCatalogue();
  return /** @type {import("./route-rules.mjs").RouteRules} */ (compiledRules);
}

/** Forgets the file read and its rules: for tests that change PERMISSIONS_FILE. */
export function forgetResourceCatalogue() {
  cached = undefined;
  compiledRules = undefined;
}
