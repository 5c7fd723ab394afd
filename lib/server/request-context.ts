import "server-only";
import { BEHIND_OUR_SERVER, CLIENT_IP_HEADER, ORIGIN_HEADER } from "@/lib/server/client-address.mjs";
import { env } from "@/lib/server/config.mjs";

// What the app knows of a request's client: the address and the origin our HTTP server worked
// out from the socket and the trusted proxies (lib/server/client-address.mjs). Every consumer
// (login and sign-up throttling, API limits, the audit log, links) goes through these.

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? undefined;
}

// Served without our server (a bare `next start`), those headers could be anyone's: trust none.
const behindOurServer = () => (globalThis as Record<symbol, unknown>)[BEHIND_OUR_SERVER] === true;

/** The client's address, or "unknown". */
export function clientIp(headers: HeaderSource): string {
  return (behindOurServer() && header(headers, CLIENT_IP_HEADER)) || "unknown";
}

/** The origin people reach the console at, for links: PUBLIC_URL, else what our server saw. */
export function requestOrigin(headers: HeaderSource): string {
  return env().PUBLIC_URL ?? ((behindOurServer() && header(headers, ORIGIN_HEADER)) || `http://localhost:${env().PORT}`);
}

/**
 * Where a request came from, as far as the server can tell, and when: now, unless history is
 * being written (the demo data of `npm run seed`).
 */
export type RequestMeta = { ip: string | null; userAgent: string | null; at?: Date };

/** The request facts an audit event keeps. */
export function requestMeta(headers: HeaderSource): RequestMeta {
  const ip = clientIp(headers);
  return { ip: ip === "unknown" ? null : ip, userAgent: header(headers, "user-agent")?.slice(0, 512) ?? null };
}
