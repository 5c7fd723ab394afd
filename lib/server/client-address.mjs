// @ts-check
// Who is on the other end of a request: the client's address and the origin it reached us at.
// The socket's peer is the client unless TRUST_PROXY names the proxies in front; only then are
// X-Forwarded-* headers read, and only the entries those proxies appended. Our HTTP server
// (scripts/server.mjs) computes both once per request and hands them to the app in headers of
// its own, overwriting any copy a client sent; the app reads nothing else (request-context.ts).
import proxyaddr from "proxy-addr";

export const CLIENT_IP_HEADER = "x-token-console-client-ip";
export const ORIGIN_HEADER = "x-token-console-origin";

/** Set by our server: the two headers above are ours, not the client's. */
export const BEHIND_OUR_SERVER = Symbol.for("token-console.behind-our-server");

/**
 * @param {{ hops: number, list: string[] }} trust the parsed TRUST_PROXY
 * @returns {(address: string, hop: number) => boolean}
 */
export function trustFunction(trust) {
  if (trust.list.length > 0) return proxyaddr.compile(trust.list);
  return (_address, hop) => hop < trust.hops;
}

/** An IPv4 client seen through an IPv6 socket is shown as the address people recognise. */
export const plainAddress = (/** @type {string} */ address) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");

/**
 * @param {import("node:http").IncomingMessage} request
 * @param {(address: string, hop: number) => boolean} trust
 */
export function clientAddress(request, trust) {
  if (!request.socket.remoteAddress) return "unknown";
  return plainAddress(proxyaddr(request, trust));
}

export const FORWARDED_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"];

/**
 * Whether the socket's peer is a proxy TRUST_PROXY names.
 * @param {import("node:http").IncomingMessage} request
 * @param {(address: string, hop: number) => boolean} trust
 */
export function viaTrustedProxy(request, trust) {
  const peer = request.socket.remoteAddress;
  return Boolean(peer) && trust(plainAddress(/** @type {string} */ (peer)), 0);
}

const lastEntry = (/** @type {string | string[] | undefined} */ value) =>
  (Array.isArray(value) ? value.join(",") : value)
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);

/**
 * The origin the client reached: PUBLIC_URL when configured; else, from a trusted proxy, the
 * scheme and host it forwarded; else this server's own Host header over plain HTTP.
 * @param {import("node:http").IncomingMessage} request
 * @param {(address: string, hop: number) => boolean} trust
 * @param {string | undefined} publicUrl
 */
export function requestOrigin(request, trust, publicUrl) {
  if (publicUrl) return publicUrl;
  const viaProxy = viaTrustedProxy(request, trust);
  const proto = (viaProxy && lastEntry(request.headers["x-forwarded-proto"])) || "http";
  const host = (viaProxy && lastEntry(request.headers["x-forwarded-host"])) || request.headers.host || "localhost";
  const origin = `${proto === "https" ? "https" : "http"}://${host}`;
  // A Host header that is not a host (spaces, slashes, a userinfo) is not echoed anywhere.
  return URL.canParse(origin) && new URL(origin).origin === origin.toLowerCase() ? new URL(origin).origin : "http://localhost";
}
