import "server-only";
import { BEHIND_OUR_SERVER, CLIENT_IP_HEADER, ORIGIN_HEADER, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { env } from "@/lib/server/config.mjs";

// Every consumer (throttling, API limits, the audit log, links) goes through these, which read
// only what our server set (lib/server/client-address.mjs).

/** A Headers, or anything with its get() (our server's view of a request's parsed headers), or a plain record. */
type HeaderSource = Pick<Headers, "get"> | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  const value =
    typeof headers.get === "function"
      ? (headers as Pick<Headers, "get">).get(name)
      : (headers as Record<string, string | string[] | undefined>)[name];
  return (Array.isArray(value) ? value[0] : value) ?? undefined;
}

// Served without our server (a bare `next start`), those headers could be anyone's: trust none.
const behindOurServer = () => (globalThis as Record<symbol, unknown>)[BEHIND_OUR_SERVER] === true;

export function clientIp(headers: HeaderSource): string {
  return (behindOurServer() && header(headers, CLIENT_IP_HEADER)) || "unknown";
}

/** Whether the request came from a proxy TRUST_PROXY names (as our server saw the connection's peer). */
export function viaTrustedProxy(headers: HeaderSource): boolean {
  return behindOurServer() && header(headers, VIA_PROXY_HEADER) === "1";
}

export function requestOrigin(headers: HeaderSource): string {
  return env().PUBLIC_URL ?? ((behindOurServer() && header(headers, ORIGIN_HEADER)) || `http://localhost:${env().PORT}`);
}

// `at`: only when history is being written (the demo data of `npm run seed`).
export type RequestMeta = { ip: string | null; userAgent: string | null; at?: Date };

export function requestMeta(headers: HeaderSource): RequestMeta {
  const ip = clientIp(headers);
  return { ip: ip === "unknown" ? null : ip, userAgent: header(headers, "user-agent")?.slice(0, 512) ?? null };
}
