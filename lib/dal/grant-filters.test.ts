import { beforeAll, describe, expect, it } from "vitest";
import { auditCsv, listAuditEvents } from "@/lib/dal/audit";
import { listTokensForAdmin } from "@/lib/dal/token-listing";
import { createToken } from "@/lib/dal/tokens";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { adminTokenQuerySchema, auditQuerySchema } from "@/lib/validation/admin";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// All Tokens by grant (and the Audit Log's record of one): by preset or Custom, and by a permission the grant covers (a preset's
// included). Junk in the URL is ignored, as for the other filters.

let admin: SessionUser;
beforeAll(async () => {
  admin = await makeAdmin({ email: "admin@grants.test" });
  const owner = await makeUser({ email: "owner@grants.test" });
  await makeToken(owner, "reader", "READ_ONLY");
  await makeToken(owner, "writer", "WRITE");
  const custom = async (name: string, permissions: string[]) => {
    const made = await createToken(owner, { name, scope: "CUSTOM", permissions: permissions }, TEST_CONTEXT);
    if (!made.ok) throw new Error(made.reason);
    return made.token.id;
  };
  await custom("dns-writer", ["account:read", "dns:read", "dns:write"]);
  await custom("keys-reader", ["api_keys:read"]);
  // A list the catalogue could not have made: `_` must not match any character.
  const odd = await custom("odd", ["account:read"]);
  await db.apiToken.update({ where: { id: odd }, data: { permissions: "apixkeys:read,dnsxread:write" } });
});

const names = async (query: Record<string, unknown>) =>
  (
    await listTokensForAdmin(admin, adminTokenQuerySchema.parse({ owner: "owner@grants.test", sort: "name", dir: "asc", ...query }))
  ).rows.map((row) => row.name);
const ALL = ["dns-writer", "keys-reader", "odd", "reader", "writer"];

describe("the All Tokens grant filters", () => {
  it("filter by preset or Custom, by the API's spelling", async () => {
    expect(await names({ scope: "read_only" })).toEqual(["reader"]);
    expect(await names({ scope: "write" })).toEqual(["writer"]);
    expect(await names({ scope: "custom" })).toEqual(["dns-writer", "keys-reader", "odd"]);
  });

  it("filter by a permission the grant covers: Write always, Read-Only every read, Custom its list", async () => {
    expect(await names({ permission: "dns:write" })).toEqual(["dns-writer", "writer"]);
    expect(await names({ permission: "dns:read" })).toEqual(["dns-writer", "reader", "writer"]);
    expect(await names({ permission: "api_keys:read" })).toEqual(["keys-reader", "reader", "writer"]);
    expect(await names({ permission: "api_keys:write" })).toEqual(["writer"]);
    expect(await names({ permission: "cloud:read" })).toEqual(["reader", "writer"]);
    expect(await names({ scope: "custom", permission: "dns:read" })).toEqual(["dns-writer"]);
    expect(await names({ scope: "read_only", permission: "dns:write" })).toEqual([]);
  });

  it("ignore junk: an unknown scope, a malformed permission, a resource the catalogue has not", async () => {
    for (const junk of [
      { scope: "admin" },
      { scope: ["custom", "write"] },
      { permission: "dns:delete" },
      { permission: "DNS:read" },
      { permission: "dns:read,dns:write" },
      { permission: "%:read" },
      { permission: "nosuch:read" },
      { permission: "dnsxread:write" },
      { permission: ["dns:read"] },
    ])
      expect(await names(junk), JSON.stringify(junk)).toEqual(ALL);
  });
});

describe("the Audit Log", () => {
  it("keeps a Custom token's permissions as they were, in its page and its CSV; a preset's are empty", async () => {
    const page = await listAuditEvents(admin, auditQuerySchema.parse({ action: "token.created", user: "owner@grants.test" }));
    const byName = new Map(page.rows.map((row) => [row.targetTokenName, row]));
    expect(byName.get("dns-writer")).toMatchObject({
      targetTokenScope: "CUSTOM",
      targetTokenPermissions: "account:read,dns:read,dns:write",
    });
    expect(byName.get("writer")).toMatchObject({ targetTokenScope: "WRITE", targetTokenPermissions: null });
    let csv = "";
    for await (const chunk of auditCsv(admin, auditQuerySchema.parse({ action: "token.created", user: "owner@grants.test" }))) csv += chunk;
    const [header, ...lines] = csv.trim().split("\r\n");
    const column = header!.split(",").indexOf("token_permissions");
    expect(column).toBe(header!.split(",").indexOf("token_scope") + 1);
    expect(lines.find((line) => line.includes("dns-writer"))).toContain('"account:read,dns:read,dns:write"');
  });
});
