// Loads the platform API's router (app/v2/router.ts) into this process, so that our server
// answers /v2 before Next.js (see app/v2/router.ts for why). The TypeScript is compiled on load
// by tsx, scoped to this import: Next.js's own modules are not touched. The app's modules mark
// themselves `import "server-only"`, a guard for Next.js's client bundles that throws when
// required from plain Node.js: here it resolves to the package's empty module, as it does in a
// server bundle. Everything the two copies of the app in this process share (the database
// client, the request store, the shutdown hooks, Redis) is on globalThis for that reason.
import Module, { createRequire } from "node:module";
import { getRequestListener } from "@hono/node-server";

const require = createRequire(import.meta.url);

/** @returns {Promise<(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse) => Promise<void>>} */
export async function loadApi() {
  const empty = require.resolve("server-only").replace(/index\.js$/, "empty.js");
  const resolve = /** @type {{ _resolveFilename: (request: string, ...rest: unknown[]) => string }} */ (/** @type {unknown} */ (Module));
  const original = resolve._resolveFilename;
  if (!(/** @type {{ serverOnly?: boolean }} */ (original).serverOnly)) {
    const patched = function (/** @type {string} */ request, /** @type {unknown[]} */ ...rest) {
      return request === "server-only" ? empty : original.call(this, request, ...rest);
    };
    /** @type {{ serverOnly?: boolean }} */ (patched).serverOnly = true;
    resolve._resolveFilename = patched;
  }
  const { tsImport } = await import("tsx/esm/api");
  /** @type {{ apiRouter: () => { fetch: (request: Request) => Response | Promise<Response> } }} */
  const { apiRouter } = await tsImport("../app/v2/router.ts", import.meta.url);
  const router = apiRouter();
  // Global Request and Response stay Node.js's own: Next.js serves the pages in this process too.
  return getRequestListener((request) => router.fetch(request), { overrideGlobalObjects: false });
}
