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

  // A new-user trial: Copy link to this form dropped Write, Allowed IPs and the expiration when it was not a day count.
  it("carry a preset, allowed IPs, no expiration and a custom date, and read them back", () => {
    const link = templateLink({ name: "deploy", scope: "WRITE", allowedIps: ["203.0.113.0/24", "2001:db8::/32"], expiresNever: true });
    expect(link).toBe("/api-tokens/new?name=deploy&scope=write&allowed_ips=203.0.113.0/24,2001:db8::/32&expires=never");
    const query = Object.fromEntries(new URL(link, "http://console.test").searchParams);
    expect(read(query)).toMatchObject({
      custom: false,
      preset: "WRITE",
      allowedIps: ["203.0.113.0/24", "2001:db8::/32"],
      expiration: "never",
      expiresOn: null,
      problems: [],
    });
    expect(read({ scope: "read_only", expires_on: "2027-02-28" })).toMatchObject({
      preset: "READ_ONLY",
      expiration: "custom",
      expiresOn: "2027-02-28",
      problems: [],
    });
    expect(templateLink({ expiresOn: "2027-02-28" })).toBe("/api-tokens/new?expires_on=2027-02-28");
    // Permissions make the token Custom: no scope is written beside them.
    expect(templateLink({ scope: "READ_ONLY", permissions: ["dns:read"] })).toBe("/api-tokens/new?permissions=dns:read");
  });

  it("say what is wrong with a scope, an expiration or allowed IPs, never dropping it silently", () => {
    const both = read({ scope: "write", permissions: "dns:read" });
    expect(both).toMatchObject({ custom: true, permissions: ["dns:read"] });
    expect(both.problems).toEqual([expect.stringContaining("asks for Write and lists permissions too")]);
    expect(read({ scope: "admin" })).toMatchObject({ preset: "READ_ONLY" });
    expect(read({ scope: "admin" }).problems).toEqual([expect.stringContaining("scope (“admin”) is neither read_only nor write")]);
    // With permissions the token is Custom: the problem says so, never "Read-Only is chosen"; `custom` is what they imply.
    const junk = read({ scope: "admin", permissions: "dns:read" });
    expect(junk).toMatchObject({ custom: true, permissions: ["dns:read"] });
    expect(junk.problems).toEqual([expect.stringContaining("the token is Custom")]);
    expect(read({ scope: "custom", permissions: "dns:read" })).toMatchObject({ custom: true, problems: [] });
    // Object's own keys are no preset: Read-Only, and said (a function here is a page that cannot render).
    for (const scope of ["constructor", "__proto__", "CONSTRUCTOR", "valueOf"]) {
      expect(read({ scope })).toMatchObject({ preset: "READ_ONLY", custom: false });
      expect(read({ scope }).problems).toEqual([expect.stringContaining("is neither read_only nor write")]);
    }
    expect(read({ expires: "soon" })).toMatchObject({ expiration: null });
    expect(read({ expires: "soon" }).problems).toEqual([expect.stringContaining("expires (“soon”) is not “never”")]);
    for (const day of ["2027-02-30", "tomorrow", "2027-2-1"]) {
      expect(read({ expires_on: day })).toMatchObject({ expiration: null, expiresOn: null });
      expect(read({ expires_on: day }).problems).toEqual([expect.stringContaining(`expires_on (“${day}”) is not a day`)]);
    }
    expect(read({ expires_in_days: "30", expires: "never" })).toMatchObject({ expiration: "30" });
    expect(read({ expires_in_days: "30", expires: "never" }).problems).toEqual([
      expect.stringContaining("more than one expiration (expires_in_days, expires): only expires_in_days was read"),
    ]);
    // Allowed IPs are kept as written: the form's own rules judge them, as the drawer opens.
    expect(read({ allowed_ips: " 10.0.0.1 ,not-an-ip,, " })).toMatchObject({ allowedIps: ["10.0.0.1", "not-an-ip"], problems: [] });
    const long = read({ allowed_ips: "10.0.0.1,".repeat(500) });
    expect(long.problems).toEqual([expect.stringContaining("allowed_ips is longer than this console reads")]);
  });
});
