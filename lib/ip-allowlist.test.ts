import { describe, expect, it } from "vitest";
import {
  allowedIpsFromStored,
  compileAllowedIps,
  widensAllowedIps,
  MAX_ALLOWED_IPS,
  normaliseAllowedIp,
  normaliseAllowedIps,
  restrictsClients,
  splitAllowedIps,
  storedAllowedIps,
} from "@/lib/ip-allowlist";

describe("normalising an allowed-IP entry", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7/32", "203.0.113.7"],
    ["203.0.113.0/24", "203.0.113.0/24"],
    ["203.0.113.77/24", "203.0.113.0/24"],
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["192.168.1.129/25", "192.168.1.128/25"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["2001:db8:abcd:1234::1/48", "2001:db8:abcd::/48"],
    ["2001:db8::1/128", "2001:db8::1"],
    ["::1", "::1"],
    ["::/0", "::/0"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.0/120", "203.0.113.0/24"],
    ["::ffff:cb00:7107", "203.0.113.7"],
    ["::ffff:0:0/96", "0.0.0.0/0"],
  ])("%s is kept as %s", (entry, expected) => {
    expect(normaliseAllowedIp(entry)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", "is not an IP address"],
    ["localhost", "“localhost” is not an IP address or a CIDR range"],
    ["300.1.1.1", "“300.1.1.1” is not"],
    ["10.1", "“10.1” is not"],
    ["010.0.0.1", "“010.0.0.1” is not"],
    ["0x0a.0.0.1", "“0x0a.0.0.1” is not"],
    ["203.0.113.0/33", "“203.0.113.0/33”: the prefix length of an IPv4 range is 0 to 32."],
    ["2001:db8::/129", "“2001:db8::/129”: the prefix length of an IPv6 range is 0 to 128."],
    ["203.0.113.0/", "“203.0.113.0/” is not"],
    ["203.0.113.0/-1", "is not"],
    ["203.0.113.0/024", "is not"],
    ["203.0.113.0/24/8", "is not"],
    ["fe80::1%eth0", "“fe80::1%eth0” is not"],
    ["2001:db8:::1", "is not"],
    ["203.0.113.7 ; drop", "is not"],
    ["a".repeat(100), "“aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…” is not"],
  ])("%j is refused, named", (entry, message) => {
    const parsed = normaliseAllowedIp(entry);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });

  it("drops duplicates after normalising, and caps the list", () => {
    expect(normaliseAllowedIps(["203.0.113.7", "203.0.113.7/32", "::ffff:203.0.113.7", "2001:db8::/32"])).toEqual({
      ok: true,
      value: ["203.0.113.7", "2001:db8::/32"],
    });
    const many = Array.from({ length: MAX_ALLOWED_IPS + 1 }, (_, i) => `10.0.${i}.0/24`);
    expect(normaliseAllowedIps(many)).toEqual({ ok: false, message: `List at most ${MAX_ALLOWED_IPS} addresses or ranges.` });
    expect(normaliseAllowedIps(many.slice(0, MAX_ALLOWED_IPS)).ok).toBe(true);
    expect(normaliseAllowedIps(["10.0.0.1", "nope", "also bad"])).toEqual({ ok: false, message: expect.stringContaining("“nope”") });
  });

  it("reads what a person types in the box, and round-trips the stored form", () => {
    expect(splitAllowedIps(" 203.0.113.0/24,2001:db8::/32\n\n10.0.0.1 , ")).toEqual(["203.0.113.0/24", "2001:db8::/32", "10.0.0.1"]);
    expect(allowedIpsFromStored(storedAllowedIps(["203.0.113.0/24", "::1"]))).toEqual(["203.0.113.0/24", "::1"]);
    expect(allowedIpsFromStored("")).toEqual([]);
  });
});

describe("matching a client address", () => {
  const cases: Array<[string[], string, boolean]> = [
    [[], "203.0.113.7", true],
    [[], "unknown", true],
    [["203.0.113.7"], "203.0.113.7", true],
    [["203.0.113.7"], "203.0.113.8", false],
    [["203.0.113.0/24"], "203.0.113.255", true],
    [["203.0.113.0/24"], "203.0.114.0", false],
    [["203.0.113.0/24"], "unknown", false],
    [["0.0.0.0/0"], "198.51.100.1", true],
    [["0.0.0.0/0"], "2001:db8::1", false],
    [["2001:db8::/32"], "2001:db8:ffff::1", true],
    [["2001:db8::/32"], "2001:db9::1", false],
    [["2001:db8::/32"], "203.0.113.7", false],
    [["::/0"], "::1", true],
    [["::/0"], "127.0.0.1", false],
    // A v4 client through an IPv6 socket, and a v4-mapped entry (normalised to v4) for a v4 client.
    [["203.0.113.0/24"], "::ffff:203.0.113.9", true],
    [["203.0.113.0/24"], "::ffff:203.0.114.9", false],
    [["127.0.0.1"], "::ffff:127.0.0.1", true],
    [["10.0.0.0/8", "2001:db8::/32"], "2001:db8::5", true],
    [["10.0.0.0/8", "2001:db8::/32"], "10.200.0.1", true],
    [["10.0.0.0/8", "2001:db8::/32"], "11.0.0.1", false],
    [["203.0.113.7"], "", false],
    [["203.0.113.7"], "203.0.113.7, 10.0.0.1", false],
  ];
  it.each(cases)("%j allows %j: %s", (list, client, allowed) => {
    const normalised = normaliseAllowedIps(list);
    expect(normalised.ok).toBe(true);
    expect(compileAllowedIps(normalised.ok ? normalised.value : [])(client)).toBe(allowed);
  });

  it("enforces what the owner sees: a normalised v4-mapped entry matches the v4 client", () => {
    const normalised = normaliseAllowedIps(["::ffff:198.51.100.0/120"]);
    expect(normalised).toEqual({ ok: true, value: ["198.51.100.0/24"] });
    expect(compileAllowedIps(normalised.ok ? normalised.value : [])("198.51.100.20")).toBe(true);
  });
});

describe("widensAllowedIps (sudo mode asks only for a widening)", () => {
  it("a list after none, or none after a list", () => {
    expect(widensAllowedIps([], ["203.0.113.8"])).toBe(false);
    expect(widensAllowedIps(["203.0.113.8"], [])).toBe(true);
    expect(widensAllowedIps([], [])).toBe(false);
  });
  it("an entry inside a current range is no widening; one outside, or a wider range, is", () => {
    expect(widensAllowedIps(["203.0.113.0/24"], ["203.0.113.8", "203.0.113.128/25"])).toBe(false);
    expect(widensAllowedIps(["203.0.113.0/24"], ["203.0.113.0/24"])).toBe(false);
    expect(widensAllowedIps(["203.0.113.0/24"], ["203.0.112.0/23"])).toBe(true);
    expect(widensAllowedIps(["203.0.113.8"], ["203.0.113.9"])).toBe(true);
    expect(widensAllowedIps(["2001:db8::/32"], ["2001:db8:1::/48"])).toBe(false);
    expect(widensAllowedIps(["2001:db8::/32"], ["203.0.113.8"])).toBe(true);
  });
});

describe("restrictsClients (what policy 'allowed IPs required for write' accepts)", () => {
  it("no list, or one that covers the whole of a family, restricts nothing", () => {
    expect(restrictsClients([])).toBe(false);
    expect(restrictsClients(["0.0.0.0/0"])).toBe(false);
    expect(restrictsClients(["::/0"])).toBe(false);
    expect(restrictsClients(["0.0.0.0/1", "128.0.0.0/1"])).toBe(false);
    expect(restrictsClients(["203.0.113.8", "::/0"])).toBe(false);
  });
  it("many short prefixes add up: fifty /8s cover too much", () => {
    const list = Array.from({ length: 50 }, (_, i) => `${i + 1}.0.0.0/8`);
    expect(normaliseAllowedIps(list).ok).toBe(true);
    expect(restrictsClients(list)).toBe(false);
  });
  it("single addresses, office ranges and the private ranges restrict", () => {
    expect(restrictsClients(["203.0.113.8"])).toBe(true);
    expect(restrictsClients(["203.0.113.0/24", "2001:db8::/32"])).toBe(true);
    expect(restrictsClients(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"])).toBe(true);
    expect(restrictsClients(["0.0.0.0/7"])).toBe(true);
    expect(restrictsClients(["0.0.0.0/6"])).toBe(false);
  });
});
