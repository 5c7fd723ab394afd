import "server-only";
import ipaddr from "ipaddr.js";

// Where a token is used from, as the new-address warning counts it: an IPv4 address, or an IPv6
// /64 (a home line or a cloud VM gets a whole /64, and rotates through it). An IPv4-mapped IPv6
// address is its IPv4 address.

/** "203.0.113.7", "2001:db8:1:2::/64"; something that is no address stays as it is. */
export function networkOf(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${new ipaddr.IPv6([...v6.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}
