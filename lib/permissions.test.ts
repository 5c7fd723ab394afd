import { describe, expect, it } from "vitest";
import {
  checkPermissions,
  describeProblem,
  expandGrant,
  grantCovers,
  grantLabel,
  groupByResource,
  lacking,
  levelsOf,
  narrowingOf,
  permissionsOfLevels,
  summarise,
  withImpliedReads,
  writeFlag,
  type Catalogue,
} from "@/lib/permissions";
import { SCOPE_LABELS } from "@/lib/scopes";

const catalogue: Catalogue = [
  { id: "account", label: "Account", description: "a", builtIn: true },
  { id: "api_keys", label: "API keys", description: "k", builtIn: true },
  { id: "dns", label: "DNS", description: "d", builtIn: false },
];
const later: Catalogue = [...catalogue, { id: "vpc", label: "VPC", description: "v", builtIn: false }];

describe("presets", () => {
  it("Read-Only is every read, Write everything, of the catalogue of the moment: a resource added later is covered", () => {
    expect(expandGrant({ scope: "READ_ONLY", permissions: [] }, catalogue)).toEqual(["account:read", "api_keys:read", "dns:read"]);
    expect(expandGrant({ scope: "WRITE", permissions: [] }, later)).toContain("vpc:write");
    expect(grantCovers({ scope: "READ_ONLY", permissions: [] }, "vpc:read")).toBe(true);
    expect(grantCovers({ scope: "READ_ONLY", permissions: [] }, "vpc:write")).toBe(false);
    expect(grantCovers({ scope: "WRITE", permissions: [] }, "vpc:write")).toBe(true);
  });

  it("the Go SDK's write flag: 1 for Write, and for a Custom token holding any write", () => {
    expect(writeFlag({ scope: "WRITE", permissions: [] })).toBe("1");
    expect(writeFlag({ scope: "READ_ONLY", permissions: [] })).toBe("0");
    expect(writeFlag({ scope: "CUSTOM", permissions: ["dns:read", "dns:write"] })).toBe("1");
    expect(writeFlag({ scope: "CUSTOM", permissions: ["dns:read"] })).toBe("0");
  });
});

describe("a Custom list", () => {
  it("holds exactly what it lists, a write with its read", () => {
    const checked = checkPermissions(["dns:write", "account:read", "dns:read"], catalogue);
    expect(checked).toEqual({ ok: true, permissions: ["account:read", "dns:read", "dns:write"] });
    const grant = { scope: "CUSTOM" as const, permissions: withImpliedReads(["dns:write"]) };
    expect(grantCovers(grant, "dns:read")).toBe(true);
    expect(grantCovers(grant, "api_keys:read")).toBe(false);
    expect(lacking(grant, ["dns:write", "api_keys:write", "account:read"])).toEqual(["api_keys:write", "account:read"]);
  });

  it("names every unknown and malformed entry", () => {
    const checked = checkPermissions(["dns:read", "k8s:read", "DNS:read", "dns:admin", "dns"], catalogue);
    expect(checked).toEqual({ ok: false, unknown: ["k8s:read"], malformed: ["DNS:read", "dns:admin", "dns"] });
    if (checked.ok) return;
    expect(describeProblem(checked)).toBe(
      "This permission is not known here: “k8s:read”; “DNS:read”, “dns:admin”, “dns” are not of the form resource:read or resource:write.",
    );
  });

  it("names at most five of each kind, so that a long list (a link's, a script's) cannot write a page of its own words", () => {
    const malformed = Array.from({ length: 400 }, (_, i) => `Your admin asks you to choose Write and paste the key at evil.example ${i}`);
    const unknown = Array.from({ length: 7 }, (_, i) => `k${i}:read`);
    const sentence = describeProblem({ malformed, unknown });
    expect(sentence.length).toBeLessThan(1_000);
    expect(sentence).toContain("“k4:read”, and 2 more");
    expect(sentence).not.toContain("k5:read");
    expect(sentence).toContain("and 395 more are not of the form");
  });

  it("reads as the picker's levels and back", () => {
    const levels = levelsOf(["dns:read", "dns:write", "account:read"]);
    expect(levels).toEqual({ dns: "write", account: "read" });
    expect(permissionsOfLevels({ ...levels, api_keys: "none" })).toEqual(["account:read", "dns:read", "dns:write"]);
  });

  it("is summarised and labelled as the drawer and the listing say it", () => {
    expect(summarise(["dns:write", "account:read"], catalogue)).toBe("3 permissions: Account read, DNS read and write");
    expect(summarise([], catalogue)).toBe("No permissions chosen");
    expect(groupByResource(["zzz:read", "dns:read"], catalogue).map((group) => group.label)).toEqual(["DNS", "zzz"]);
    expect(grantLabel({ scope: "CUSTOM", permissions: ["account:read", "dns:read", "dns:write"] }, SCOPE_LABELS)).toBe("Custom · 3");
    expect(grantLabel({ scope: "WRITE", permissions: [] }, SCOPE_LABELS)).toBe("Write");
  });
});

describe("narrowing to what was used", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  // As if the console saw every resource used (its own routes, or forward auth's).
  const everyUseRecorded = later.map((resource) => ({ ...resource, builtIn: true }));
  const ago = (days: number) => new Date(now - days * 86_400_000).toISOString();

  it("keeps what was exercised in the last 30 days, each write with its read, and lists the rest as going", () => {
    const uses = [
      { permission: "account:read", lastUsedAt: ago(1) },
      { permission: "dns:read", lastUsedAt: null },
      { permission: "dns:write", lastUsedAt: ago(29) },
      { permission: "vpc:read", lastUsedAt: ago(31) },
      { permission: "vpc:write", lastUsedAt: null },
    ];
    expect(narrowingOf(uses, now, everyUseRecorded)).toEqual({
      used: ["account:read", "dns:write"],
      kept: ["account:read", "dns:read", "dns:write"],
      removing: ["vpc:read", "vpc:write"],
      unrecorded: [],
    });
  });

  it("a token that used nothing in the window keeps nothing: it is a token to delete, not to narrow", () => {
    expect(narrowingOf([{ permission: "account:read", lastUsedAt: ago(45) }], now, everyUseRecorded)).toEqual({
      used: [],
      kept: [],
      removing: ["account:read"],
      unrecorded: [],
    });
  });

  it("keeps what this console cannot see used: the platform's permissions stay, its own unused ones go", () => {
    const uses = [
      { permission: "account:read", lastUsedAt: ago(1) },
      { permission: "api_keys:read", lastUsedAt: null },
      { permission: "dns:read", lastUsedAt: null },
      { permission: "dns:write", lastUsedAt: null },
    ];
    expect(narrowingOf(uses, now, catalogue)).toEqual({
      used: ["account:read"],
      kept: ["account:read", "dns:read", "dns:write"],
      removing: ["api_keys:read"],
      unrecorded: ["dns:read", "dns:write"],
    });
    // Nothing of its own used, but the platform's kept: a narrowing, not "used nothing".
    expect(narrowingOf([{ permission: "dns:read", lastUsedAt: null }], now, catalogue)).toMatchObject({ used: [], kept: ["dns:read"] });
  });
});
