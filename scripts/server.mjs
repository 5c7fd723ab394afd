// The console's HTTP server: Next.js, in this process, behind a few lines of ours.
// Why not `next start`: Next.js does not tell route handlers who the client is. This server
// does, from the socket (and from trusted proxies only, see lib/server/client-address.mjs),
// in headers of its own that overwrite any copy a client sends. It also sends HSTS when the
// console is served over HTTPS. `npm start` and `npm run dev` both run it.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  BEHIND_OUR_SERVER,
  CLIENT_IP_HEADER,
  clientAddress,
  FORWARDED_HEADERS,
  ORIGIN_HEADER,
  requestOrigin,
  trustFunction,
  viaTrustedProxy,
} from "../lib/server/client-address.mjs";
import { env } from "../lib/server/config.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Prepares Next.js and listens. Resolves with the listening server.
 * @param {{ dev?: boolean }} [options]
 */
export async function startServer({ dev = false } = {}) {
  const { PORT: port, TRUST_PROXY, PUBLIC_URL } = env();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // next-auth builds its URLs from NEXTAUTH_URL: the public origin when there is one.
  process.env.NEXTAUTH_URL ??= PUBLIC_URL ?? `http://localhost:${port}`;
  const { default: next } = await import("next");
  const app = next({ dev, dir: root, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const trust = trustFunction(TRUST_PROXY);
  const hsts = PUBLIC_URL?.startsWith("https:");
  /** @type {Record<symbol, unknown>} */ (globalThis)[BEHIND_OUR_SERVER] = true;

  const server = http.createServer((request, response) => {
    request.headers[CLIENT_IP_HEADER] = clientAddress(request, trust);
    request.headers[ORIGIN_HEADER] = requestOrigin(request, trust, PUBLIC_URL);
    // Forwarded headers from a client that is not a trusted proxy are the client's invention:
    // Next.js does not see them either (it checks a server action's Origin against them).
    if (!viaTrustedProxy(request, trust)) for (const name of FORWARDED_HEADERS) delete request.headers[name];
    if (hsts) response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    void handle(request, response);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(undefined));
  });
  console.log(`[server] ready on http://localhost:${port}${PUBLIC_URL ? ` (public URL ${PUBLIC_URL})` : ""}`);
  return server;
}
