// Whether a host names this machine only. The configuration (METRICS_HOST, an address to listen
// on) asks of a literal address or plain `localhost`; webhook destinations and the command line's
// plain-http warning also count localhost's subdomains (RFC 6761), with or without the final dot.
import net from "node:net";

const bare = (/** @type {string} */ host) =>
  host
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();

/** 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) or `localhost`: what a listener bound to it serves this machine only. */
export function isLoopbackAddress(/** @type {string} */ host) {
  const name = bare(host);
  if (name === "localhost") return true;
  const v4 = name.startsWith("::ffff:") ? name.slice(7) : name;
  if (net.isIPv4(v4)) return v4.startsWith("127.");
  return net.isIPv6(name) && new net.SocketAddress({ address: name, family: "ipv6" }).address === "::1";
}

/** A loopback address, or a name that is loopback by definition: localhost and *.localhost. */
export function isLoopbackHost(/** @type {string} */ host) {
  return isLoopbackAddress(host) || bare(host).endsWith(".localhost");
}
