import { describe, expect, it } from "vitest";
import { scopeAllows, scopeRow, type Scope } from "@/lib/scopes";

describe("a stored scope no row has", () => {
  // A database edited by hand, or a later version's scope, read through the hot path's raw SQL.
  it.each(["ADMIN", "__proto__", "toString", ""])("%j reads as Read-Only: never a 500, never more", (stored) => {
    const scope = stored as Scope;
    expect(scopeRow(scope).label).toBe("Read-Only");
    expect(scopeRow(scope).writeFlag).toBe("0");
    expect(scopeAllows(scope, "WRITE")).toBe(false);
    expect(scopeAllows(scope, "READ_ONLY")).toBe(true);
  });
});
