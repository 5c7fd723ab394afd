import { describe, expect, it } from "vitest";
import type { Catalogue } from "@/lib/permissions";
import { readTemplate, templateLink } from "@/lib/token-template";

const catalogue: Catalogue = [
  { id: "account", label: "Account", description: "a", builtIn: true },
  { id: "api_keys", label: "API keys", description: "k", builtIn: true },
  { id: "dns", label: "DNS", description: "d", builtIn: false },
];
const now = Date.parse("2026-12-01T00:00:00Z");
const read = (query: Record<string, string | string[]>) => readTemplate(query, catalogue, now);

describe("template links", () => {
  it("read back what templateLink wrote", () => {
    const link = templateLink({ name: "ci-dns", permissions: ["dns:write", "account:read"], expiresInDays: 30 });
    const query = Object.fromEntries(new URL(link, "http://console.test").searchParams);
    expect(read(query)).toMatchObject({
      name: "ci-dns",
      permissions: ["account:read", "dns:read", "dns:write"],
      custom: true,
      expiration: "30",
      problems: [],
    });
  });

  it("say what they do not offer, and keep the rest", () => {
    const template = read({ permissions: "dns:read, API_KEYS:WRITE ,nope:write,,," });
    expect(template.permissions).toEqual(["dns:read"]);
    expect(template.problems).toEqual([expect.stringContaining("“nope:write”")]);
    expect(template.problems[0]).toContain("“API_KEYS:WRITE”");
    expect(read({ permissions: "__proto__:read,constructor:write" })).toMatchObject({ permissions: [], custom: true });
  });

  // Attack on issue 24: what a link asks for is never dropped without a word.
  it("read every permissions parameter, not the first alone", () => {
    expect(read({ permissions: ["dns:read", "api_keys:write"] })).toMatchObject({
      permissions: ["api_keys:read", "api_keys:write", "dns:read"],
      problems: [],
    });
  });

  it("say so when a list is longer than they read, instead of showing a shorter one as the link's", () => {
    const commas = read({ permissions: `${",".repeat(10_000)}api_keys:write` });
    expect(commas.problems).toEqual([expect.stringContaining("only its first 0 were read")]);
    const many = read({ permissions: [...Array.from({ length: 404 }, () => "dns:read"), "api_keys:write"].join(",") });
    expect(many.permissions).toEqual(["dns:read"]);
    expect(many.problems).toEqual([expect.stringContaining("only its first 404 were read")]);
    expect(read({ permissions: Array.from({ length: 404 }, () => "dns:read").join(",") }).problems).toEqual([]);
  });
});
