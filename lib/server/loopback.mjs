// Whether a host names this machine only: `localhost` and its subdomains (RFC 6761, with or
// without the final dot), 127.0.0.0/8 and ::1, with or without brackets. The configuration
// (METRICS_HOST), webhook destinations and the command line's plain-http warning ask it.
import net from "node:net";

/** @param {string} host a host name or address, as a URL's hostname or a listen address gives it */
export function isLoopbackHost(host) {
  const name = host
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (net.isIPv4(name)) return name.startsWith("127.");
  return name === "::1";
}
