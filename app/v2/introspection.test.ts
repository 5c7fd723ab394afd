import { beforeAll, describe, expect, it } from "vitest";
import { createToken, deleteToken } from "@/lib/dal/tokens";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// RFC 7662 introspection: a live token described, anything else exactly {"active": false}; the
// caller holds tokens:introspect, which only an admin grants, and only while an admin.

const form = (token: string) => ({
  rawBody: new URLSearchParams({ token }).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

let admin: SessionUser;
let member: SessionUser;
let introspector: string;
beforeAll(async () => {
  admin = await makeAdmin();
  member = await makeUser();
  introspector = (await makeToken(admin, "introspector", "CUSTOM", ["tokens:introspect"])).secret;
});

describe("POST /v2/tokens/introspect", () => {
  it("describes a live token: id, owner, scope, permissions, times", async () => {
    const made = await createToken(
      member,
      { name: "described", scope: "CUSTOM", permissions: ["account:read", "dns:read"], expiresAt: new Date(Date.now() + 86_400_000) },
      TEST_CONTEXT,
    );
    if (!made.ok) throw new Error(made.reason);
    const answer = await call("POST", "/tokens/introspect", { token: introspector, ...form(made.secret) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: made.token.id } });
    expect(answer.json).toEqual({
      active: true,
      token_type: "Bearer",
      jti: made.token.id,
      sub: member.id,
      scope: "account:read dns:read",
      exp: Math.floor(row.expiresAt!.getTime() / 1000),
      iat: Math.floor(row.createdAt.getTime() / 1000),
      permissions: ["account:read", "dns:read"],
    });
    // JSON is accepted too; a preset lists what it holds now, and a token that never expires has no exp.
    const readOnly = await makeToken(member, "described-ro", "READ_ONLY");
    const json = await call("POST", "/tokens/introspect", { token: introspector, body: { token: readOnly.secret } });
    expect(json.json).toMatchObject({ active: true, jti: readOnly.token.id });
    expect(json.json).not.toHaveProperty("exp");
    expect((json.json as { permissions: string[] }).permissions).toContain("dns:read");
    expect((json.json as { permissions: string[] }).permissions).not.toContain("dns:write");
    expect((json.json as { permissions: string[] }).permissions).not.toContain("tokens:introspect");
  });

  it("answers exactly {active: false} for every kind of dead token", async () => {
    const deleted = await makeToken(member, "dead-deleted", "WRITE");
    await deleteToken(member, deleted.token.id, TEST_CONTEXT);
    const expired = await makeToken(member, "dead-expired", "WRITE");
    await db.apiToken.update({ where: { id: expired.token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const live = (await makeToken(member, "dead-checksum", "WRITE")).secret;
    const badChecksum = live.slice(0, -1) + (live.endsWith("A") ? "B" : "A");
    const unknown = live.slice(0, 20) + "x".repeat(live.length - 20);
    for (const dead of [deleted.secret, expired.secret, badChecksum, unknown, "junk", "tkc_", " ", `${live} `]) {
      const answer = await call("POST", "/tokens/introspect", { token: introspector, ...form(dead) });
      expect(answer.status, dead.length.toString()).toBe(200);
      expect(answer.text).toBe('{"active":false}');
    }
  });

  it("refuses a caller without tokens:introspect, a Write token included, and one whose owner is no longer an admin", async () => {
    const target = (await makeToken(member, "target", "READ_ONLY")).secret;
    const write = (await makeToken(admin, "admin-write", "WRITE")).secret;
    const answer = await call("POST", "/tokens/introspect", { token: write, ...form(target) });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ errors: [{ code: "forbidden_scope" }], missing_permissions: ["tokens:introspect"] });
    expect((await call("POST", "/tokens/introspect", { ...form(target) })).status).toBe(401);

    const former = await makeAdmin();
    const held = (await makeToken(former, "former-introspector", "CUSTOM", ["tokens:introspect"])).secret;
    await db.user.update({ where: { id: former.id }, data: { role: "MEMBER" } });
    const demoted = await call("POST", "/tokens/introspect", { token: held, ...form(target) });
    expect(demoted.status).toBe(403);
    expect(demoted.json).toMatchObject({ errors: [{ code: "forbidden_scope" }] });
  });

  it("lets only an admin grant tokens:introspect; no preset holds it", async () => {
    const refused = await createToken(member, { name: "sneaky", scope: "CUSTOM", permissions: ["tokens:introspect"] }, TEST_CONTEXT);
    expect(refused).toEqual({ ok: false, reason: "admin_only" });
    const write = (await makeToken(member, "member-write", "WRITE")).secret;
    const viaApi = await call("POST", "/api/generate", { token: write, body: { name: "sneaky-api", permissions: ["tokens:introspect"] } });
    expect(viaApi.status).toBe(403);
    expect(await db.apiToken.count({ where: { userId: member.id, name: { startsWith: "sneaky" } } })).toBe(0);
  });

  it("refuses a body it cannot read with a clear 4xx, and changes nothing", async () => {
    const cases: [Parameters<typeof call>[2], number][] = [
      [{ rawBody: "token=a&token=b", headers: { "content-type": "application/x-www-form-urlencoded" } }, 400],
      [{ rawBody: "nothing=here", headers: { "content-type": "application/x-www-form-urlencoded" } }, 400],
      [{ rawBody: "token=abc", headers: { "content-type": "text/plain" } }, 415],
      [{ body: ["token"] }, 400],
      [{ body: { token: 42 } }, 400],
      [{ rawBody: "x".repeat(70_000), headers: { "content-type": "application/x-www-form-urlencoded" } }, 413],
      [
        {
          rawBody: new Uint8Array([0x74, 0x6f, 0x6b, 0x65, 0x6e, 0x3d, 0xff]),
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
        400,
      ],
    ];
    for (const [options, status] of cases) {
      const answer = await call("POST", "/tokens/introspect", { token: introspector, ...options });
      expect(answer.status).toBe(status);
    }
  });
});
