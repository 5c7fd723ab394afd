import { describe, expect, it } from "vitest";
import { grantCovers, writeFlag } from "@/lib/permissions";
import { scopeRow, type Scope } from "@/lib/scopes";

describe("a stored scope no row has", () => {
  // A database edited by hand, or a later version's scope, read through the hot path's raw SQL.
  it.each(["ADMIN", "__proto__", "toString", ""])("%j reads as Read-Only: never a 500, never more", (stored) => {
    const scope = stored as Scope;
    expect(scopeRow(scope).label).toBe("Read-Only");
    expect(writeFlag({ scope, permissions: ["dns:write"] })).toBe("0");
    expect(grantCovers({ scope, permissions: ["api_keys:write"] }, "api_keys:write")).toBe(false);
    expect(grantCovers({ scope, permissions: [] }, "account:read")).toBe(true);
  });
});
