import { describe, expect, it } from "vitest";
import { createTokenSchema, editTokenSchema, tokenListQuerySchema, tokenNameKey, tokenNameSchema } from "@/lib/validation/api-token";

describe("token name", () => {
  it.each([
    ["empty", "", "Enter a name for the token."],
    ["spaces only", "    ", "Enter a name for the token."],
    ["65 characters", "a".repeat(65), "Use at most 64 characters."],
    ["a NUL byte", "ci\u0000deploy", "no control characters"],
    ["a newline", "ci\ndeploy", "no control characters"],
    ["a tab", "ci\tdeploy", "no control characters"],
    ["a bidi override", "ci\u202Edeploy", "no control characters"],
    ["not a string", 42, "Enter a name for the token."],
  ])("refuses %s", (_label, input, message) => {
    const result = tokenNameSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join(" ")).toContain(message);
  });

  it.each([
    ["64 characters", "a".repeat(64), "a".repeat(64)],
    ["64 emoji (one character each)", "🔑".repeat(64), "🔑".repeat(64)],
    ["an emoji joined with ZWJ", "team 👩‍💻 bot", "team 👩‍💻 bot"],
    ["HTML, kept as text", "<script>alert(1)</script>", "<script>alert(1)</script>"],
    ["leading and trailing spaces, trimmed", "  ci deploy  ", "ci deploy"],
    ["accents", "déploiement", "déploiement"],
  ])("accepts %s", (_label, input, expected) => {
    expect(tokenNameSchema.parse(input)).toBe(expected);
  });

  it("makes one key for names that differ only in case or width", () => {
    expect(tokenNameKey("CI-Deploy")).toBe(tokenNameKey("ci-deploy"));
    expect(tokenNameKey("ＣＩ")).toBe(tokenNameKey("ci"));
    expect(tokenNameKey("ci-deploy")).not.toBe(tokenNameKey("ci-deploy-2"));
  });
});

const POLICY = { defaultDays: 90, maxDays: null };
const form = createTokenSchema(POLICY);

describe("create token form", () => {
  it("accepts the two scopes and nothing else", () => {
    expect(form.parse({ name: "x", scope: "READ_ONLY", expiration: "90" }).scope).toBe("READ_ONLY");
    expect(form.parse({ name: "x", scope: "WRITE", expiration: "90" }).scope).toBe("WRITE");
    for (const scope of ["ADMIN", "write", "", null, undefined, 1]) {
      const result = form.safeParse({ name: "x", scope, expiration: "90" });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe("Choose an access scope.");
    }
  });

  it("drops fields it does not know, so the owner can only come from the session", () => {
    const parsed = form.parse({ name: "x", scope: "WRITE", expiration: "never", userId: "someone-else" });
    expect(parsed).toEqual({
      name: "x",
      scope: "WRITE",
      permissions: [],
      expiration: "never",
      description: "",
      allowedIps: [],
      rateLimitPerMinute: null,
      quota: null,
    });
  });

  it("takes an optional description and allowed IPs, normalised, naming a bad entry", () => {
    const parsed = form.parse({
      name: "x",
      scope: "WRITE",
      expiration: "never",
      description: "  Deploys from main  ",
      allowedIps: "203.0.113.7/24\n2001:DB8::/32, 10.0.0.1",
    });
    expect(parsed).toMatchObject({ description: "Deploys from main", allowedIps: ["203.0.113.0/24", "2001:db8::/32", "10.0.0.1"] });
    const bad = form.safeParse({ name: "x", scope: "WRITE", expiration: "never", allowedIps: "10.0.0.1, office" });
    expect(bad.error?.issues[0]).toMatchObject({ path: ["allowedIps"], message: expect.stringContaining("“office” is not an IP address") });
    const long = form.safeParse({ name: "x", scope: "WRITE", expiration: "never", description: "d".repeat(201) });
    expect(long.error?.issues[0]).toMatchObject({ path: ["description"], message: "Use at most 200 characters." });
    const twoLines = form.safeParse({ name: "x", scope: "WRITE", expiration: "never", description: "one\ntwo" });
    expect(twoLines.error?.issues[0]?.path).toEqual(["description"]);
  });
});

describe("edit token form", () => {
  const edit = (fields: Record<string, unknown>) => editTokenSchema(1200).safeParse({ id: "tok_1", name: "ci", ...fields });

  it("validates as creation does, and never carries a scope", () => {
    expect(edit({ description: "", allowedIps: "" }).data).toEqual({
      id: "tok_1",
      name: "ci",
      description: "",
      allowedIps: [],
      rateLimitPerMinute: null,
      quota: null,
      refill: false,
    });
    expect(edit({ scope: "WRITE" }).data).not.toHaveProperty("scope");
    expect(edit({ name: "   " }).error?.issues[0]).toMatchObject({ path: ["name"], message: "Enter a name for the token." });
    expect(edit({ name: "n".repeat(65) }).error?.issues[0]).toMatchObject({ path: ["name"], message: "Use at most 64 characters." });
    expect(edit({ description: "\u202Eevil" }).error?.issues[0]?.path).toEqual(["description"]);
    expect(edit({ allowedIps: "203.0.113.0/33" }).error?.issues[0]).toMatchObject({
      path: ["allowedIps"],
      message: "“203.0.113.0/33”: the prefix length of an IPv4 range is 0 to 32.",
    });
    expect(edit({ allowedIps: "x".repeat(5000) }).error?.issues[0]?.path).toEqual(["allowedIps"]);
    expect(edit({ id: "" }).success).toBe(false);
    expect(edit({ allowedIps: ["10.0.0.1"] }).success).toBe(false);
  });
});

describe("limits in the forms", () => {
  const edit = (fields: Record<string, unknown>) => editTokenSchema(600).safeParse({ id: "tok_1", name: "ci", ...fields });

  it("takes a whole number of requests, with separators, up to the installation's rate limit", () => {
    expect(edit({ rateLimitPerMinute: " 60 ", quota: "10,000" }).data).toMatchObject({ rateLimitPerMinute: 60, quota: 10_000 });
    expect(edit({ rateLimitPerMinute: "600", quota: "1000000000" }).data).toMatchObject({ rateLimitPerMinute: 600, quota: 1e9 });
    for (const bad of ["0", "-5", "601", "1.5", "ten", "1e3", "99999999999999"]) {
      expect(edit({ rateLimitPerMinute: bad }).error?.issues[0]).toMatchObject({
        path: ["rateLimitPerMinute"],
        message: expect.stringContaining("at most 600 requests per minute"),
      });
    }
    for (const bad of ["0", "-1", "1000000001", "many"]) {
      expect(edit({ quota: bad }).error?.issues[0]).toMatchObject({ path: ["quota"], message: expect.stringContaining("1,000,000,000") });
    }
    expect(edit({ quota: 5 }).success).toBe(false);
    const created = createTokenSchema(POLICY, Date.now, [], 100).safeParse({
      name: "x",
      scope: "WRITE",
      expiration: "never",
      rateLimitPerMinute: "101",
    });
    expect(created.error?.issues[0]?.path).toEqual(["rateLimitPerMinute"]);
  });
});

describe("listing query", () => {
  it("falls back to safe defaults for anything odd in the URL", () => {
    expect(tokenListQuerySchema.parse({})).toEqual({ team: "", q: "", sort: "createdAt", dir: "desc", page: 1, show: "all" });
    expect(tokenListQuerySchema.parse({ q: ["a", "b"], sort: "tokenHash", dir: "sideways", page: "-3", show: ["expiring", "x"] })).toEqual({
      team: "",
      q: "",
      sort: "createdAt",
      dir: "desc",
      page: 1,
      show: "all",
    });
    expect(tokenListQuerySchema.parse({ q: "ci", sort: "name", dir: "asc", page: "3", show: "expiring" })).toEqual({
      team: "",
      q: "ci",
      sort: "name",
      dir: "asc",
      page: 3,
      show: "expiring",
    });
  });

  it("takes a team's id as it is, and nothing that is not one", () => {
    expect(tokenListQuerySchema.parse({ team: "cm1team_x-2" }).team).toBe("cm1team_x-2");
    for (const team of ["../admin", "%2e%2e", "a b", "x".repeat(65), "\u0000", ["a", "b"], 7])
      expect(tokenListQuerySchema.parse({ team }).team).toBe("");
  });
});
