import "server-only";

/**
 * The client's address as the nearest proxy saw it. `next start` records the socket address in
 * x-forwarded-for; a reverse proxy in front appends its own view. The right-most entry is the
 * one that was not written by the client.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const last = value
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  // An IPv4 client seen through an IPv6 socket: show the address people recognise.
  return last?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1") ?? "unknown";
}

/**
 * This server's origin as the client reached it: the Host header (a reverse proxy's
 * X-Forwarded-Host/-Proto win). Next.js rewrites request.url to its own hostname, so that
 * cannot be used for links the client will follow.
 */
export function requestOrigin(headers: Headers): string {
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || "localhost:3000";
  const forwardedProto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const local = /^(localhost|127\.|\[::1\])/.test(host);
  return `${forwardedProto || (local ? "http" : "https")}://${host}`;
}

/** The request facts an audit event keeps. */
export function requestMeta(headers: Headers | Record<string, string | string[] | undefined>) {
  const ua = headers instanceof Headers ? headers.get("user-agent") : headers["user-agent"];
  const ip = clientIp(headers);
  return { ip: ip === "unknown" ? null : ip, userAgent: (Array.isArray(ua) ? ua[0] : ua) ?? null };
}
