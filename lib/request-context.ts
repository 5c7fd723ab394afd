import "server-only";

/**
 * The client's address as the nearest proxy saw it. `next start` records the socket address in
 * x-forwarded-for; a reverse proxy in front appends its own view. The right-most entry is the
 * one that was not written by the client.
 */
export function clientIp(headers: Headers | Record<string, string | string[] | undefined>): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  const last = value?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last ?? "unknown";
}
