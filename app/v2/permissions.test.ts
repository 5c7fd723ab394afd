import fs from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";

// Issue 24: permissions per resource through the platform API. The catalogue is a copy of the
// shipped file, so that a test can add a resource to it "later".
const catalogueFile = await vi.hoisted(async () => {
  const nodeFs = await import("node:fs");
  const nodeOs = await import("node:os");
  const nodePath = await import("node:path");
  const file = nodePath.join(nodeFs.mkdtempSync(nodePath.join(nodeOs.tmpdir(), "token-console-catalogue-")), "permissions.json");
  nodeFs.copyFileSync("config/permissions.json", file);
  process.env.PERMISSIONS_FILE = file;
  return file;
});

import { flushDenials } from "@/lib/api/denials";
import { API_OPERATIONS } from "@/lib/api/operations";
import { expandGrant } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { flushTokenUses } from "@/lib/dal/last-used";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { forgetResourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

let alice: SessionUser;
let n = 0;
const name = (label: string) => `${label}-${n++}`;
const custom = async (permissions: string[], owner = alice) => makeToken(owner, name("custom"), "CUSTOM", permissions);
const preset = async (scope: "READ_ONLY" | "WRITE", owner = alice) => makeToken(owner, name(scope.toLowerCase()), scope);

beforeAll(async () => {
  alice = await makeUser();
});

const item = async (secret: string, id: string) =>
  ((await call("GET", "/api", { token: secret })).json!.api as Array<Record<string, unknown>>).find((key) => key.id === id)!;

describe("a Custom token", () => {
  it("is refused outside its list with the missing permission named, for people and programs, and audited with it", async () => {
    const { secret, token } = await custom(["account:read", "dns:write"]);
    expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);

    const refused = await call("GET", "/api", { token: secret });
    expect(refused.status).toBe(403);
    const message = "This API token lacks the permission api_keys:read.";
    expect(refused.json).toEqual({
      status: "error",
      message,
      errors: [{ code: "forbidden_scope", message }],
      missing_permissions: ["api_keys:read"],
    });
    await flushDenials({ all: true });
    const denied = await db.auditEvent.findFirst({ where: { action: "api.denied", targetTokenId: token.id } });
    expect(denied).toMatchObject({
      detail: "GET /v2/api: lacks api_keys:read",
      targetTokenScope: "CUSTOM",
      targetTokenPermissions: "account:read,dns:read,dns:write",
    });
  });

  it("is made by the API from a list, shown with its expanded permissions and the Go SDK's write flag", async () => {
    const { secret } = await preset("WRITE");
    const made = await call("POST", "/api/generate", {
      token: secret,
      body: { name: name("ci-dns"), permissions: ["dns:write", "account:read"] },
    });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ scope: "custom", write: "1", permissions: ["account:read", "dns:read", "dns:write"] });
    const reader = await call("POST", "/api/generate", { token: secret, body: { name: name("ci-read"), permissions: ["dns:read"] } });
    expect(reader.json).toMatchObject({ scope: "custom", write: "0", permissions: ["dns:read"] });
    // The key it made authenticates, and holds just that.
    const key = made.json!.apikey as string;
    expect((await call("GET", "/account/info", { token: key })).status).toBe(200);
    expect((await call("POST", "/api/generate", { token: key, body: { name: name("x") } })).json!.missing_permissions).toEqual([
      "api_keys:write",
    ]);
  });

  it.each([
    [{ permissions: [] }, "permissions: name at least one permission"],
    [{ permissions: ["dns:read"], write: "on" }, "Send write (a Read-Only or Write key) or permissions (a Custom key), not both."],
    [{ permissions: ["dns:read"], write: "off" }, "not both"],
    [{ permissions: ["kubernetes:read", "nope:write"] }, "“nope:write”"],
    [{ permissions: ["dns:admin"] }, "“dns:admin” is not of the form resource:read or resource:write"],
    [{ permissions: "dns:read" }, "permissions must be a list"],
    [{ permissions: [42] }, "Each permission must be a string."],
    [{ permissions: Array.from({ length: 500 }, () => "dns:read") }, "at most"],
  ])("POST /v2/api/generate with %j is a 422 that says %j, and makes nothing", async (body, said) => {
    const { secret } = await preset("WRITE");
    const before = await db.apiToken.count();
    const refused = await call("POST", "/api/generate", { token: secret, body: { name: name("bad"), ...body } });
    expect(refused.status).toBe(422);
    expect(refused.json!.message).toContain(said);
    expect(await db.apiToken.count()).toBe(before);
  });

  it("mints, rolls and edits no key that holds more than itself; deleting one is allowed", async () => {
    const { secret } = await custom(["api_keys:write", "dns:read"]);
    const wider = await call("POST", "/api/generate", { token: secret, body: { name: name("escalate"), write: "on" } });
    expect(wider.status).toBe(403);
    expect(wider.json!.missing_permissions).toContain("account:write");
    expect(wider.json!.missing_permissions).toContain("dns:write");
    // The message says it is the new key's permissions that are missing, not the route's, and stays short.
    expect(wider.json!.message).toMatch(
      /^This API token cannot create, roll or edit a key holding permissions it lacks itself: \S+(, \S+){5} and \d+ more \(see missing_permissions\)\.$/,
    );
    const readOnlyPreset = await call("POST", "/api/generate", { token: secret, body: { name: name("reader") } });
    expect(readOnlyPreset.status).toBe(403); // Read-Only holds account:read, which it lacks
    const subset = await call("POST", "/api/generate", { token: secret, body: { name: name("subset"), permissions: ["dns:read"] } });
    expect(subset.status).toBe(200);

    const write = await preset("WRITE");
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: write.token.id } });
    const roll = await call("POST", `/api/${write.token.id}/roll`, { token: secret });
    expect(roll.status).toBe(403);
    expect(roll.json!.errors).toEqual([{ code: "forbidden_scope", message: expect.stringContaining("account:write") }]);
    const edit = await call("PATCH", `/api/${write.token.id}`, { token: secret, body: { allowed_ips: [], name: "renamed" } });
    expect(edit.status).toBe(403);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: write.token.id } })).toEqual(before);
    expect((await call("POST", `/api/${subset.json!.id as string}/roll`, { token: secret })).status).toBe(200);
    expect((await call("DELETE", `/api/${write.token.id}/delete`, { token: secret })).status).toBe(200);
  });
});

describe("every operation the docs list", () => {
  // The docs and the routes name each operation's permission in two places: this holds them together.
  const guarded = API_OPERATIONS.filter((op) => op.permission !== null);
  it.each(guarded.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    "%s: refused to a Custom token holding all but its permission, with that one named; not for lack of it otherwise",
    async (_label, op) => {
      const needed = op.permission!;
      const everything = expandGrant({ scope: "WRITE", permissions: [] }, resourceCatalogue());
      const resource = needed.slice(0, needed.indexOf(":"));
      const allBut = everything.filter((p) => p !== needed && !(needed.endsWith(":read") && p === `${resource}:write`));
      const request = async (secret: string) => {
        const target = await preset("READ_ONLY");
        const path = op.path.replace("{id}", target.token.id);
        const example = op.request?.example as Record<string, unknown> | undefined;
        const body = op.path === "/api/generate" ? { name: name("made") } : example;
        return call(op.method.toUpperCase() as "GET", path, { token: secret, body });
      };
      const refused = await request((await custom(allBut)).secret);
      expect(refused.status).toBe(403);
      expect(refused.json!.missing_permissions).toEqual([needed]);
      const allowed = await request((await custom([needed])).secret);
      expect((allowed.json!.missing_permissions as string[] | undefined) ?? []).not.toContain(needed);
    },
  );
});

describe("presets", () => {
  it("Read-Only and Write hold every read, and everything, of the catalogue of the moment: a resource added later is covered", async () => {
    const reader = await preset("READ_ONLY");
    const writer = await preset("WRITE");
    const document = JSON.parse(fs.readFileSync(catalogueFile, "utf8")) as { resources: object[] };
    expect((await item(writer.secret, reader.token.id)).permissions).not.toContain("gpu:read");

    document.resources.push({ id: "gpu", label: "GPU servers", description: "Added after the tokens were made" });
    fs.writeFileSync(catalogueFile, JSON.stringify(document));
    forgetResourceCatalogue();
    try {
      expect(await item(writer.secret, reader.token.id)).toMatchObject({ scope: "read_only", write: "0" });
      expect((await item(writer.secret, reader.token.id)).permissions).toContain("gpu:read");
      expect((await item(writer.secret, reader.token.id)).permissions).not.toContain("gpu:write");
      expect((await item(writer.secret, writer.token.id)).permissions).toContain("gpu:write");
      // And a Custom key may now be made with it.
      const made = await call("POST", "/api/generate", { token: writer.secret, body: { name: name("gpu"), permissions: ["gpu:write"] } });
      expect(made.json).toMatchObject({ permissions: ["gpu:read", "gpu:write"] });
    } finally {
      document.resources.pop();
      fs.writeFileSync(catalogueFile, JSON.stringify(document));
      forgetResourceCatalogue();
    }
  });

  it('keep the Go SDK\'s contract: write "1"/"0", create with write:"on", and a 403 it can read', async () => {
    const writer = await preset("WRITE");
    const made = await call("POST", "/api/generate", { token: writer.secret, body: { name: name("sdk"), write: "on" } });
    expect(made.json).toMatchObject({ status: "success", write: "1", scope: "write" });
    const reader = await call("POST", "/api/generate", { token: writer.secret, body: { name: name("sdk-read") } });
    expect(reader.json).toMatchObject({ write: "0", scope: "read_only" });
    const refused = await call("DELETE", `/api/${made.json!.id as string}/delete`, { token: reader.json!.apikey as string });
    expect(refused.status).toBe(403);
    expect((refused.json!.errors as Array<{ message: string }>)[0]!.message).toBe("This API token lacks the permission api_keys:write.");
  });
});

describe("POST /v2/api/{id}/narrow", () => {
  it("narrows to a subset, keeping the secret and id, audited before → after; never widens", async () => {
    const writer = await preset("WRITE");
    const target = await preset("WRITE");
    const narrowed = await call("POST", `/api/${target.token.id}/narrow`, {
      token: writer.secret,
      body: { permissions: ["dns:write", "account:read"] },
    });
    expect(narrowed.status).toBe(200);
    expect(narrowed.json).toMatchObject({
      message: "API key has been narrowed",
      id: target.token.id,
      scope: "custom",
      permissions: ["account:read", "dns:read", "dns:write"],
    });
    // The same secret, now holding just that.
    expect((await call("GET", "/account/info", { token: target.secret })).status).toBe(200);
    expect((await call("GET", "/api", { token: target.secret })).status).toBe(403);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "token.permissions_narrowed", targetTokenId: target.token.id } });
    expect(event.detail).toBe("Write → account:read, dns:read, dns:write");
    expect(event.actorTokenId).toBe(writer.token.id);

    const widen = await call("POST", `/api/${target.token.id}/narrow`, {
      token: writer.secret,
      body: { permissions: ["dns:write", "vpc:read"] },
    });
    expect(widen.status).toBe(422);
    expect(widen.json!.errors).toEqual([{ code: "permissions_widen", message: expect.stringContaining("does not hold vpc:read") }]);
    expect((await item(writer.secret, target.token.id)).permissions).toEqual(["account:read", "dns:read", "dns:write"]);

    const again = await call("POST", `/api/${target.token.id}/narrow`, { token: writer.secret, body: { permissions: ["account:read"] } });
    expect(again.json).toMatchObject({ permissions: ["account:read"], write: "0" });
    const same = await call("POST", `/api/${target.token.id}/narrow`, { token: writer.secret, body: { permissions: ["account:read"] } });
    expect(same.json).toMatchObject({ message: "Nothing to change" });
    expect(await db.auditEvent.count({ where: { action: "token.permissions_narrowed", targetTokenId: target.token.id } })).toBe(2);
  });

  it("refuses bad bodies, other users' keys and tokens without api_keys:write, changing nothing", async () => {
    const writer = await preset("WRITE");
    const target = await preset("WRITE");
    const bob = await makeUser();
    const bobs = await preset("WRITE", bob);
    for (const body of [{}, { permissions: [] }, { permissions: ["nope:read"] }, { permissions: "dns:read" }]) {
      expect((await call("POST", `/api/${target.token.id}/narrow`, { token: writer.secret, body })).status).toBe(422);
    }
    const empty = await call("POST", `/api/${target.token.id}/narrow`, { token: writer.secret, body: { permissions: [] } });
    expect(empty.json!.message).toBe("permissions: name at least one permission to keep; a key that needs none is a key to delete.");
    expect((await call("POST", `/api/${bobs.token.id}/narrow`, { token: writer.secret, body: { permissions: ["dns:read"] } })).status).toBe(
      404,
    );
    const reader = await preset("READ_ONLY");
    const refused = await call("POST", `/api/${target.token.id}/narrow`, { token: reader.secret, body: { permissions: ["dns:read"] } });
    expect(refused.json!.missing_permissions).toEqual(["api_keys:write"]);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: target.token.id }, select: { scope: true } })).toEqual({ scope: "WRITE" });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: bobs.token.id }, select: { scope: true } })).toEqual({ scope: "WRITE" });
  });
});

describe("permissions exercised", () => {
  it("are recorded off the request's path, batched, one row per token and permission", async () => {
    const { secret, token } = await custom(["account:read", "api_keys:read", "dns:read"]);
    for (let i = 0; i < 5; i++) await call("GET", "/account/info", { token: secret });
    await call("GET", "/api", { token: secret });
    // Nothing written until the batch.
    expect(await db.tokenPermissionUse.count({ where: { tokenId: token.id } })).toBe(0);
    await flushTokenUses();
    const uses = await db.tokenPermissionUse.findMany({ where: { tokenId: token.id }, orderBy: { permission: "asc" } });
    expect(uses.map((use) => use.permission)).toEqual(["account:read", "api_keys:read"]);
  });
});
