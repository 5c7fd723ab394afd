import ipaddr from "ipaddr.js";

// A token's allowed IPs: addresses and CIDR ranges, IPv4 and IPv6, parsed by ipaddr.js and
// stored normalised, so that what the owner sees is what is enforced:
// - an IPv4 address is four decimal parts ("10.1" and "010.0.0.1" are refused, not guessed);
// - a range is written from its network address ("203.0.113.7/24" is kept as 203.0.113.0/24);
// - a single address has no prefix ("203.0.113.7/32" is kept as 203.0.113.7);
// - IPv6 is written as RFC 5952 says (lower case, the longest run of zeros as "::");
// - an IPv4-mapped IPv6 entry (::ffff:203.0.113.7, or a range of at least /96) is the IPv4
//   address or range it maps, because the client of an IPv6 socket is matched by its IPv4
//   address too; other IPv6 ranges (even ::/0) match IPv6 clients only.
// Client-safe: the drawer's form validates with it, the server decides with it.

export const MAX_ALLOWED_IPS = 50;
const ENTRY_MAX = 64;

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];
type Parsed = { ok: true; value: string } | { ok: false; message: string };

const quoted = (entry: string) => `“${entry.length > 40 ? `${entry.slice(0, 40)}…` : entry}”`;
const notAnAddress = (entry: string) => `${quoted(entry)} is not an IP address or a CIDR range (such as 203.0.113.0/24 or 2001:db8::/32).`;

function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  // A zone ("fe80::1%eth0") names an interface of the client's own machine: meaningless here.
  if (!text.includes("%") && ipaddr.IPv6.isValid(text)) return ipaddr.IPv6.parse(text);
  return null;
}

/** A range as it is stored: its network address (ipaddr.js computes it), without a prefix for a single address. */
function rangeText([address, bits]: Range): string {
  const cidr = `${address.toString()}/${bits}`;
  if (address.kind() === "ipv4") return bits === 32 ? address.toString() : `${ipaddr.IPv4.networkAddressFromCIDR(cidr).toString()}/${bits}`;
  const network = ipaddr.IPv6.networkAddressFromCIDR(cidr).toRFC5952String();
  return bits === 128 ? network : `${network}/${bits}`;
}

export function normaliseAllowedIp(raw: string): Parsed {
  const entry = raw.trim();
  if (entry.length === 0 || entry.length > ENTRY_MAX) return { ok: false, message: notAnAddress(entry) };
  const [addressText, prefixText, extra] = entry.split("/");
  if (extra !== undefined) return { ok: false, message: notAnAddress(entry) };
  const address = parseAddress(addressText!);
  if (!address) return { ok: false, message: notAnAddress(entry) };
  const max = address.kind() === "ipv4" ? 32 : 128;
  if (prefixText !== undefined && !/^(0|[1-9]\d{0,2})$/.test(prefixText)) return { ok: false, message: notAnAddress(entry) };
  const bits = prefixText === undefined ? max : Number(prefixText);
  if (bits > max) {
    return {
      ok: false,
      message: `${quoted(entry)}: the prefix length of an ${address.kind() === "ipv4" ? "IPv4" : "IPv6"} range is 0 to ${max}.`,
    };
  }
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return { ok: true, value: rangeText([(address as ipaddr.IPv6).toIPv4Address(), bits - 96]) };
  }
  return { ok: true, value: rangeText([address, bits]) };
}

export function normaliseAllowedIps(entries: readonly string[]): { ok: true; value: string[] } | { ok: false; message: string } {
  const normalised = new Set<string>();
  for (const entry of entries) {
    const parsed = normaliseAllowedIp(entry);
    if (!parsed.ok) return parsed;
    normalised.add(parsed.value);
  }
  if (normalised.size > MAX_ALLOWED_IPS) return { ok: false, message: `List at most ${MAX_ALLOWED_IPS} addresses or ranges.` };
  return { ok: true, value: [...normalised] };
}

/** What a person types in the form's box: entries separated by commas, spaces or new lines. */
export const splitAllowedIps = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The database's form of a normalised list ("" for anywhere), and back. */
export const storedAllowedIps = (list: readonly string[]) => list.join(",");
export const allowedIpsFromStored = (stored: string): string[] => (stored ? stored.split(",") : []);

/** A stored entry as a range: a single address is its own /32 (or /128). */
const asRange = (entry: string): Range =>
  entry.includes("/") ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), entry.includes(":") ? 128 : 32];

/** Whether a client address (as our server reports it) is inside a normalised list; an empty list allows any. */
export function compileAllowedIps(list: readonly string[]): (clientIp: string) => boolean {
  if (list.length === 0) return () => true;
  const ranges = list.map(asRange);
  return (clientIp) => {
    if (!ipaddr.isValid(clientIp)) return false;
    // ::ffff:203.0.113.7 from an IPv6 socket is the IPv4 client 203.0.113.7.
    const client = ipaddr.process(clientIp);
    return ranges.some(([network, bits]) => network.kind() === client.kind() && client.match(network, bits));
  };
}

/** The largest share of either family's addresses a list may cover and still count as a restriction. */
export const RESTRICTING_SHARE = 128;

/**
 * Whether a list restricts where a token is used from, as the policy "allowed IPs required for
 * write" means it: not empty, and covering at most 1/128 of the IPv4 addresses and 1/128 of the
 * IPv6 ones (the private ranges, 10/8 + 172.16/12 + 192.168/16 and fc00::/7, fit; 0.0.0.0/0,
 * ::/0, or fifty /8s do not). Entries may overlap: the sum only overstates what is covered.
 */
export function restrictsClients(list: readonly string[]): boolean {
  if (list.length === 0) return false;
  const covered = { ipv4: 0n, ipv6: 0n };
  for (const entry of list) {
    const [address, bits] = asRange(entry);
    const kind = address.kind();
    covered[kind] += 1n << BigInt((kind === "ipv4" ? 32 : 128) - bits);
  }
  return covered.ipv4 <= 1n << 25n && covered.ipv6 <= 1n << 121n;
}

/**
 * Whether `next` (normalised) lets a token be used from an address `current` does not: no list
 * after a list ("anywhere"), or an entry inside none of the current ranges. Sudo mode asks for a
 * fresh authentication only then: narrowing, or keeping, the list is never a widening.
 */
export function widensAllowedIps(current: readonly string[], next: readonly string[]): boolean {
  if (current.length === 0) return false;
  if (next.length === 0) return true;
  const ranges = current.map(asRange);
  return next.some((entry) => {
    const [address, bits] = asRange(entry);
    return !ranges.some(
      ([network, networkBits]) => network.kind() === address.kind() && networkBits <= bits && address.match(network, networkBits),
    );
  });
}
