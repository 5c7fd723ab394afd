import { describe, expect, it } from "vitest";
import { scopeFromWriteFlag } from "@/lib/api/wire";
import { SCOPE_LABELS, scopeAllows } from "@/lib/model";

describe("scopes", () => {
  it.each([["on"], ["1"], ["yes"], ["true"], [true], [1], [" ON "], ["Yes"]])("reads %j as Write", (value) => {
    expect(scopeFromWriteFlag(value)).toBe("WRITE");
  });

  it.each([["off"], ["0"], ["no"], ["false"], [false], [0], [undefined], [null], [""]])("reads %j as Read-Only", (value) => {
    expect(scopeFromWriteFlag(value)).toBe("READ_ONLY");
  });

  it.each([["maybe"], ["2"], [2], [{}], [[]], ["write"]])("refuses %j rather than guessing", (value) => {
    expect(scopeFromWriteFlag(value)).toBeNull();
  });

  it("labels scopes with the guide's words", () => {
    expect(SCOPE_LABELS).toEqual({ READ_ONLY: "Read-Only", WRITE: "Write" });
  });

  it("lets Write do what Read-Only does, and not the reverse", () => {
    expect(scopeAllows("WRITE", "WRITE")).toBe(true);
    expect(scopeAllows("WRITE", "READ_ONLY")).toBe(true);
    expect(scopeAllows("READ_ONLY", "READ_ONLY")).toBe(true);
    expect(scopeAllows("READ_ONLY", "WRITE")).toBe(false);
  });
});
