// @ts-check
// X-Forwarded-* headers are read only from proxies TRUST_PROXY names, and only the entries they
// appended. scripts/server.mjs hands the results to the app in headers of its own, overwriting
// any copy a client sent; the app reads nothing else (request-context.ts).
import proxyaddr from "proxy-addr";

export const CLIENT_IP_HEADER = "x-token-console-client-ip";
export const ORIGIN_HEADER = "x-token-console-origin";
/** "1" when the request's peer is a proxy TRUST_PROXY names (forward auth answers only those). */
export const VIA_PROXY_HEADER = "x-token-console-via-proxy";

// Set by our server: the two headers above are ours, not the client's.
export const BEHIND_OUR_SERVER = Symbol.for("token-console.behind-our-server");

/**
 * @param {{ hops: number, list: string[] }} trust the parsed TRUST_PROXY
 * @returns {(address: string, hop: number) => boolean}
 */
export function trustFunction(trust) {
  if (trust.list.length > 0) return proxyaddr.compile(trust.list);
  return (_address, hop) => hop < trust.hops;
}

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

/**
 * `request.rawHeaders` as our server hands the request on: without the client's copies of `ours`
 * (the headers above, which our server has just set in `request.headers`) and of `dropped`, with
 * our values instead. The /v2 router's @hono/node-server reads `request.headers` only until
 * something reads the body: from then on its Headers are made from rawHeaders, where a client's
 * "x-token-console-client-ip: 6.6.6.6" would be the address an audit event records.
 * @param {import("node:http").IncomingMessage} request
 * @param {readonly string[]} ours
 * @param {readonly string[]} dropped
 */
export function syncRawHeaders(request, ours, dropped) {
  const raw = request.rawHeaders;
  /** @type {string[]} */
  const kept = [];
  for (let index = 0; index < raw.length; index += 2) {
    const name = /** @type {string} */ (raw[index]).toLowerCase();
    if (!ours.includes(name) && !dropped.includes(name))
      kept.push(/** @type {string} */ (raw[index]), /** @type {string} */ (raw[index + 1]));
  }
  for (const name of ours) {
    const value = request.headers[name];
    if (typeof value === "string") kept.push(name, value);
  }
  request.rawHeaders = kept;
}
