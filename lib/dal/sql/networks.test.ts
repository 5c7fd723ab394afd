import { describe, expect, it } from "vitest";
import { networkUses, newNetworkUses, NETWORK_FORGOTTEN_MS } from "@/lib/dal/sql/networks";
import { networkOf } from "@/lib/server/networks";

// The new-address warning's decision, apart from either database (the flush's own tests, in
// lib/dal/address-notices.test.ts, run it through both).

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1) + minutes * 60_000);
const use = (tokenId: string, ip: string, minutes: number) => ({ tokenId, ip, client: "curl 8.5.0", at: at(minutes) });

describe("a use's network", () => {
  it("is an IPv4 address, or an IPv6 /64 written canonically; IPv4-mapped IPv6 is its IPv4", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("2001:DB8:1:2:aaaa:0:0:5")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:db8::5")).toBe("2001:db8::/64");
    expect(networkOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("2001:db8:1:2::/64")).toBe("2001:db8:1:2::/64");
    expect(networkOf("unknown")).toBe("unknown");
  });
});

describe("the uses that warn", () => {
  it("are one per token and network, the first use from it", () => {
    const grouped = networkUses([use("t", "2001:db8:1:2::9", 3), use("t", "2001:db8:1:2::5", 1), use("t", "203.0.113.7", 2)]);
    expect(grouped.map((u) => [u.network, u.ip, u.firstAt, u.lastAt])).toEqual([
      ["2001:db8:1:2::/64", "2001:db8:1:2::5", at(1), at(3)],
      ["203.0.113.7", "203.0.113.7", at(2), at(2)],
    ]);
  });

  it("are none for a token's first use ever, from however many networks, nor for a token gone", () => {
    const state = { tokenId: "t", lastUsedAt: null, firstSeenAt: null, seen: [] };
    expect(newNetworkUses(networkUses([use("t", "203.0.113.7", 1), use("t", "198.51.100.1", 2)]), [state])).toEqual([]);
    expect(newNetworkUses(networkUses([use("gone", "203.0.113.7", 1)]), [])).toEqual([]);
  });

  it("are the networks unseen for 30 days, of a token used before", () => {
    const state = {
      tokenId: "t",
      lastUsedAt: at(0).toISOString(),
      firstSeenAt: at(0).toISOString(),
      seen: [
        { network: "203.0.113.7", lastSeenAt: at(0) },
        { network: "198.51.100.1", lastSeenAt: new Date(at(10).getTime() - NETWORK_FORGOTTEN_MS - 1) },
        // A recent address, from before networks were kept: its /64 is known.
        { network: "2001:db8:1:2::77", lastSeenAt: at(0) },
      ],
    };
    const uses = networkUses([
      use("t", "203.0.113.7", 10),
      use("t", "198.51.100.1", 10),
      use("t", "2001:db8:1:2::5", 10),
      use("t", "192.0.2.9", 11),
    ]);
    expect(newNetworkUses(uses, [state]).map((u) => u.ip)).toEqual(["198.51.100.1", "192.0.2.9"]);
  });
});
