import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { createTokenAction, narrowTokenAction } from "@/app/(dashboard)/api-tokens/actions";
import { flushTokenUses, notePermissionUse } from "@/lib/dal/last-used";
import { listTokensForAdmin } from "@/lib/dal/token-listing";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { MAX_PERMISSIONS } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { db } from "@/lib/server/db";
import { readTemplate } from "@/lib/token-template";
import { adminTokenQuerySchema } from "@/lib/validation/admin";
import { actAs, makeAdmin, makeToken, makeUser } from "@/test/fixtures";
import { fromClient } from "@/test/next-request";

// The second attack on permissions per resource: forged create and narrow calls, template link
// parameters, and the admin's grant filters.

let alice: SessionUser;
let n = 0;
const name = (label: string) => `${label}-${n++}`;
const tokensOf = (user: SessionUser) => db.apiToken.findMany({ where: { userId: user.id } });

beforeEach(async () => {
  alice = await makeUser();
  fromClient("192.0.2.41");
  await actAs(alice);
});

describe("createTokenAction with forged inputs", () => {
  const forged: [string, Record<string, unknown>][] = [
    ["Custom, no permissions", { scope: "CUSTOM", permissions: [] }],
    ["Custom, a permission not in the catalogue", { scope: "CUSTOM", permissions: ["root:write"] }],
    ["Custom, a wildcard", { scope: "CUSTOM", permissions: ["*:write"] }],
    ["Custom, an admin action", { scope: "CUSTOM", permissions: ["account:admin"] }],
    ["Custom, a string not a list", { scope: "CUSTOM", permissions: "account:write" }],
    ["Custom, a list of numbers", { scope: "CUSTOM", permissions: [1, 2] }],
    ["Custom, an object", { scope: "CUSTOM", permissions: { 0: "account:read", length: 1 } }],
    ["Custom, oversize list", { scope: "CUSTOM", permissions: Array(MAX_PERMISSIONS + 1).fill("account:read") }],
    ["Custom, a huge entry", { scope: "CUSTOM", permissions: ["account:read" + "x".repeat(100_000)] }],
    ["Custom, a permission with a comma", { scope: "CUSTOM", permissions: ["account:read,dns:write"] }],
    ["Custom, a trailing newline", { scope: "CUSTOM", permissions: ["dns:write\n"] }],
    ["a scope no preset has", { scope: "ADMIN", permissions: [] }],
    ["a lower-case scope", { scope: "write" }],
    ["a scope of another type", { scope: ["WRITE"] }],
    ["expires never past a policy (bad date)", { scope: "READ_ONLY", expiration: "custom", expiresOn: "9999-12-31" }],
    ["expiresOn of another type", { scope: "READ_ONLY", expiration: "custom", expiresOn: 20300101 }],
  ];
  it.each(forged)("refuses %s and makes nothing", async (_label, fields) => {
    const result = await createTokenAction({ name: name("forged"), ...fields } as never);
    expect(result.ok).toBe(false);
    expect(await tokensOf(alice)).toEqual([]);
  });

  it("a preset with a permission list is that preset, its list dropped (never a Custom wider or narrower than shown)", async () => {
    const write = await createTokenAction({ name: name("w"), scope: "WRITE", permissions: ["account:read"] } as never);
    expect(write.ok).toBe(true);
    const ro = await createTokenAction({ name: name("r"), scope: "READ_ONLY", permissions: ["dns:write"] } as never);
    expect(ro.ok).toBe(true);
    const rows = await tokensOf(alice);
    expect(rows.map((row) => [row.scope, row.permissions]).sort()).toEqual([
      ["READ_ONLY", ""],
      ["WRITE", ""],
    ]);
  });

  it("a Custom list is stored deduplicated with its reads, nothing more", async () => {
    const result = await createTokenAction({
      name: name("c"),
      scope: "CUSTOM",
      permissions: ["dns:write", "dns:write", "dns:read"],
    } as never);
    expect(result.ok).toBe(true);
    const [row] = await tokensOf(alice);
    expect(row).toMatchObject({ scope: "CUSTOM", permissions: "dns:read,dns:write" });
  });
});

describe("narrowTokenAction with forged inputs", () => {
  it("refuses another user's token, whatever removing says", async () => {
    const bob = await makeUser();
    const { token } = await makeToken(bob, name("bob"), "WRITE");
    notePermissionUse(token.id, "account:read", Date.now());
    await flushTokenUses();
    await actAs(alice);
    for (const removing of [[], ["account:write"], ["api_keys:write", "api_keys:read", "account:write"]])
      expect(await narrowTokenAction({ id: token.id, removing })).toEqual({ ok: false, message: MESSAGES.tokenNotFound });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({ scope: "WRITE" });
  });

  it("refuses a removing of the wrong type or size, and changes nothing", async () => {
    const { token } = await makeToken(alice, name("mine"), "WRITE");
    notePermissionUse(token.id, "account:read", Date.now());
    await flushTokenUses();
    const bad: unknown[] = [
      undefined,
      null,
      "account:write",
      [1],
      [{}],
      Array(MAX_PERMISSIONS + 1).fill("account:write"),
      ["x".repeat(101)],
    ];
    for (const removing of bad) {
      const result = await narrowTokenAction({ id: token.id, removing } as never);
      expect(result.ok).toBe(false);
    }
    // A list of the right shape but not what would go: refused as changed.
    expect(await narrowTokenAction({ id: token.id, removing: ["account:write"] })).toEqual({ ok: false, message: MESSAGES.narrowChanged });
    expect(await narrowTokenAction({ id: token.id, removing: [] })).toEqual({ ok: false, message: MESSAGES.narrowChanged });
    // Duplicates padding the length to what would go: still refused.
    expect(await narrowTokenAction({ id: token.id, removing: ["account:write", "account:write", "api_keys:read"] })).toEqual({
      ok: false,
      message: MESSAGES.narrowChanged,
    });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({ scope: "WRITE", permissions: "" });
  });

  it("a call replayed after the token narrowed changes nothing more", async () => {
    const { token } = await makeToken(alice, name("replay"), "WRITE");
    notePermissionUse(token.id, "account:read", Date.now());
    await flushTokenUses();
    const removing = ["account:write", "api_keys:read", "api_keys:write"];
    const first = await narrowTokenAction({ id: token.id, removing });
    expect(first.ok).toBe(true);
    const after = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    const again = await narrowTokenAction({ id: token.id, removing });
    expect(again).toEqual({ ok: false, message: MESSAGES.narrowChanged });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).toMatchObject({
      scope: after.scope,
      permissions: after.permissions,
    });
    const events = await db.auditEvent.count({ where: { action: "token.permissions_narrowed", targetTokenId: token.id } });
    expect(events).toBe(1);
  });
});

describe("the admin's grant filters", () => {
  it("refuses a member", async () => {
    const member = await makeUser();
    await expect(listTokensForAdmin(member, adminTokenQuerySchema.parse({ scope: "write", permission: "dns:write" }))).rejects.toThrow();
  });

  it("reads LIKE metacharacters, quotes and long values as junk or as themselves, never a 500 or a wider match", async () => {
    const admin = await makeAdmin();
    const { token: custom } = await makeToken(alice, name("custom"), "CUSTOM", ["dns:read"]);
    const { token: underscore } = await makeToken(alice, name("us"), "CUSTOM", ["api_keys:read"]);
    const odd = [
      "%",
      "%:read",
      "dns%",
      "api_keys:read%",
      "dns:read'--",
      "' OR 1=1 --",
      "dns:read\\",
      "\\%:read",
      "a".repeat(100_000) + ":read",
      "dns:read\n",
      "dns:read\u0000",
      "DNS:READ",
    ];
    for (const permission of odd) {
      const query = adminTokenQuerySchema.parse({ permission, scope: "custom" });
      expect(query.permission).toBe("");
    }
    for (const scope of ["CUSTOM'", "%", "custom' OR '1'='1", "x".repeat(100_000)])
      expect(adminTokenQuerySchema.parse({ scope }).scope).toBe("");
    // `_` in a real permission is the literal character: `api_keys:read` does not match `apixkeys:read`.
    const { token: lookalike } = await makeToken(alice, name("lookalike"), "CUSTOM", ["dns:read"]);
    await db.apiToken.update({ where: { id: lookalike.id }, data: { permissions: "apixkeys:read" } });
    const wellFormedUnknown = adminTokenQuerySchema.parse({ permission: "d_s:read" });
    expect(wellFormedUnknown.permission).toBe("d_s:read");
    const ignored = await listTokensForAdmin(admin, { ...wellFormedUnknown, scope: "custom" });
    expect(ignored.rows.map((item) => item.id)).toEqual(expect.arrayContaining([custom.id, underscore.id]));
    const matches = await listTokensForAdmin(admin, adminTokenQuerySchema.parse({ scope: "custom", permission: "api_keys:read" }));
    const ids = matches.rows.map((item) => item.id);
    expect(ids).toContain(underscore.id);
    expect(ids).not.toContain(custom.id);
    expect(ids).not.toContain(lookalike.id);
    const dns = await listTokensForAdmin(admin, adminTokenQuerySchema.parse({ scope: "custom", permission: "dns:write" }));
    expect(dns.rows.map((item) => item.id)).not.toContain(custom.id);
    // A resource the catalogue lacks (which the regex allows): ignored, not a 500.
    await expect(listTokensForAdmin(admin, adminTokenQuerySchema.parse({ permission: "zzz_nope:read" }))).resolves.toBeTruthy();
  });
});

describe("template link parameters", () => {
  const catalogue = resourceCatalogue();
  const now = Date.parse("2026-12-01T00:00:00Z");

  it("caps huge values and says so", () => {
    const template = readTemplate(
      {
        name: "n".repeat(1_000_000),
        description: "d".repeat(1_000_000),
        scope: "w".repeat(1_000_000),
        allowed_ips: "1.2.3.4,".repeat(200_000),
        expires: "x".repeat(1_000_000),
        expires_on: "y".repeat(1_000_000),
        permissions: "dns:read,".repeat(200_000),
      },
      catalogue,
      now,
    );
    expect(template.name.length).toBeLessThanOrEqual(200);
    expect(template.description.length).toBeLessThanOrEqual(400);
    expect(template.allowedIps.join(",").length).toBeLessThanOrEqual(4_000);
    expect(template.permissions).toEqual(["dns:read"]);
    for (const problem of template.problems) expect(problem.length).toBeLessThan(500);
  });

  it("a link's own words in its permissions cannot fill the drawer's problems", () => {
    const words = Array.from({ length: 400 }, (_, i) => `Your admin asks you to choose Write and paste the key at evil.example ${i}`);
    const template = readTemplate({ permissions: words.join(",") }, catalogue, now);
    expect(template.permissions).toEqual([]);
    expect(template.problems.join(" ").length).toBeLessThan(1_000);
  });

  it("a scope it cannot read is Read-Only, never Write; custom is not a preset", () => {
    for (const scope of ["WRITE ", "custom", "admin", ["read_only", "write"], "Write\u0000"]) {
      const template = readTemplate({ scope }, catalogue, now);
      if (Array.isArray(scope)) expect(template.preset).toBe("READ_ONLY");
      else if (scope === "custom" || scope.trim() !== scope || scope.includes("\u0000")) expect(template.preset).toBe("READ_ONLY");
      expect(template.custom).toBe(false);
    }
  });

  it("an expires_on that is not a day is said, and no expiry is chosen by it", () => {
    for (const expires_on of ["2027-02-30", "2027-1-1", "<img src=x onerror=alert(1)>", "2027-01-01T00:00:00Z", "+2027-01-01"]) {
      const template = readTemplate({ expires_on }, catalogue, now);
      expect(template.expiration).toBeNull();
      expect(template.problems.length).toBe(1);
    }
    expect(readTemplate({ expires: "NEVER" }, catalogue, now).expiration).toBe("never");
  });
});
