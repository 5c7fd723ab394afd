// The platform API's router (app/v2/router.ts), bundled for our server to answer /v2 before
// Next.js (see app/v2/router.ts for why). `npm run build` bundles it beside Next.js's output,
// with esbuild: the app's own modules in one CommonJS file, every package left to Node.js, so a
// package shared with Next.js is loaded once. The app's modules mark themselves
// `import "server-only"`, a guard for Next.js's client bundles: here it is the package's empty
// module, as in a server bundle. Everything the two copies of the app's code in this process
// share (the database client, the request store, the shutdown hooks, Redis) is on globalThis.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener, RequestError } from "@hono/node-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const API_BUNDLE = path.join(root, ".next", "token-console-api.cjs");

/** Bundles app/v2/router.ts into API_BUNDLE. */
export async function buildApi() {
  const { build } = await import("esbuild");
  const empty = createRequire(import.meta.url)
    .resolve("server-only")
    .replace(/index\.js$/, "empty.js");
  await build({
    entryPoints: [path.join(root, "app", "v2", "router.ts")],
    outfile: API_BUNDLE,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
    tsconfig: path.join(root, "tsconfig.json"),
    // The Prisma clients read import.meta.url, which a CommonJS file has not: the bundle's own.
    define: { "import.meta.url": "__bundleUrl" },
    inject: [path.join(root, "scripts", "api-response.mjs")],
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [
      {
        name: "server-only",
        setup(bundle) {
          bundle.onResolve({ filter: /^server-only$/ }, () => ({ path: empty }));
        },
      },
    ],
  });
}

/**
 * The headers Node.js keeps only the first copy of in `incoming.headers` (its http module's
 * list): a WHATWG Headers joins every copy ("Bearer a, Bearer b", which no check accepts), and so
 * does get() here, from rawHeaders. Otherwise two Authorization headers would be judged by the
 * first alone, while a proxy or the service behind it may read the other.
 */
const FIRST_ONLY = new Set([
  "age",
  "authorization",
  "content-length",
  "content-type",
  "etag",
  "expires",
  "from",
  "host",
  "if-modified-since",
  "if-unmodified-since",
  "last-modified",
  "location",
  "max-forwards",
  "proxy-authorization",
  "referer",
  "retry-after",
  "server",
  "user-agent",
]);

/**
 * A request's headers as our server left them (`incoming.headers`, parsed once by Node.js, the
 * client address and the other headers of ours written in): the platform API reads a handful
 * of them with get(), and building a WHATWG Headers of them all cost more than the whole token
 * check.
 */
export class IncomingHeaders {
  /** @param {Pick<import("node:http").IncomingMessage, "headers" | "rawHeaders">} incoming */
  constructor(incoming) {
    this.parsed = incoming.headers;
    this.raw = incoming.rawHeaders;
  }
  /** @param {string} name */
  get(name) {
    const key = name.toLowerCase();
    const value = this.parsed[key];
    if (value === undefined) return null;
    if (FIRST_ONLY.has(key)) {
      /** @type {string[]} */
      const copies = [];
      for (let index = 0; index < this.raw.length; index += 2)
        if (/** @type {string} */ (this.raw[index]).toLowerCase() === key) copies.push(/** @type {string} */ (this.raw[index + 1]));
      if (copies.length > 1) return copies.join(", ");
    }
    return Array.isArray(value) ? value.join(", ") : value;
  }
  /** @param {string} name */
  has(name) {
    return this.get(name) !== null;
  }
  *entries() {
    for (const name of Object.keys(this.parsed).sort())
      yield /** @type {[string, string]} */ ([name, /** @type {string} */ (this.get(name))]);
  }
  [Symbol.iterator]() {
    return this.entries();
  }
}

/**
 * The Request the router and the route modules see: @hono/node-server's own (its URL, its body),
 * its `headers` shadowed by the ones above. The adapter also reads `headers` when it makes the
 * body's stream: they iterate as name-value pairs, as a Headers does.
 * @param {Request} request @param {import("node:http").IncomingMessage} incoming
 */
export function fastRequest(request, incoming) {
  return Object.defineProperty(request, "headers", { value: new IncomingHeaders(incoming) });
}

/** @returns {Promise<(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => Promise<void>>} */
export async function loadApi() {
  // A build made by `next build` alone has no bundle: made here, once.
  if (!fs.existsSync(API_BUNDLE)) await buildApi();
  /** @type {{ fetch: (request: Request) => Response | Promise<Response> }} */
  let router;
  // @hono/node-server's lightweight Response is what it writes fastest (a string body straight to
  // the socket), and it hands it out only by replacing the global Response: taken for the
  // bundle (scripts/api-response.mjs), and the globals put back, since Next.js serves the pages
  // in this process with Node.js's own.
  const native = { Request: globalThis.Request, Response: globalThis.Response };
  const listener = getRequestListener((request, env) => router.fetch(fastRequest(request, env.incoming)), {
    overrideGlobalObjects: true,
    // A request the adapter cannot make a Request of (a backslash in the path, HTTP/1.0 with no
    // Host, a Host that is no host) is the client's mistake: the API's 400, not an empty one.
    errorHandler: (error) => {
      const bad = error instanceof RequestError;
      const message = bad
        ? "The request could not be read: send a path without backslashes, and a Host header."
        : "The server could not complete the request.";
      const body = { status: "error", message, errors: [{ code: bad ? "invalid_input" : "internal", message }] };
      return new native.Response(JSON.stringify(body), {
        status: bad ? 400 : 500,
        headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
      });
    },
  });
  /** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for("token-console.light-response")] = globalThis.Response;
  Object.defineProperty(globalThis, "Request", { value: native.Request });
  Object.defineProperty(globalThis, "Response", { value: native.Response });
  /** @type {{ apiRouter: () => typeof router }} */
  const { apiRouter } = createRequire(import.meta.url)(API_BUNDLE);
  router = apiRouter();
  return listener;
}
