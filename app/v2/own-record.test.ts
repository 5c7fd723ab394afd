import { beforeAll, describe, expect, it } from "vitest";
import { flushTokenUses } from "@/lib/dal/last-used";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { call, freshIp } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// Issue 29: GET /v2/api/self, the calling token's own record, for any valid token.

let alice: SessionUser;
let manager: string;
beforeAll(async () => {
  alice = await makeUser();
  manager = (await makeToken(alice, "manager", "WRITE")).secret;
});

describe("GET /v2/api/self", () => {
  it("answers a token holding no api_keys permission with its own record, limits and last use", async () => {
    const { secret, token } = await makeToken(alice, "dns-only", "CUSTOM", ["dns:read"], { expiresAt: new Date("2030-01-02T03:04:05Z") });
    const edited = await call("PATCH", `/api/${token.id}`, {
      token: manager,
      body: { allowed_ips: ["203.0.113.0/24"], rate_limit_per_minute: 30, quota: 500 },
    });
    expect(edited.status).toBe(200);
    // Its own list is refused to it; its own record is not.
    expect((await call("GET", "/api", { token: secret, ip: "203.0.113.9" })).status).toBe(403);
    const own = await call("GET", "/api/self", { token: secret, ip: "203.0.113.9" });
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({
      status: "success",
      api: {
        id: token.id,
        name: "dns-only",
        write: "0",
        scope: "custom",
        permissions: ["dns:read"],
        expires_at: "2030-01-02 03:04:05",
        allowed_ips: ["203.0.113.0/24"],
        rate_limit_per_minute: 30,
        quota: 500,
        status: "active",
        team: null,
        via_previous_secret: false,
        previous_secret_valid_until: null,
      },
    });
    await flushTokenUses();
    const again = await call("GET", "/api/self", { token: secret, ip: "203.0.113.9" });
    expect((again.json!.api as Record<string, unknown>).last_used_ip).toBe("203.0.113.9");
    // Reading its own record is no permission's use: narrowing to what was used keeps it out.
    const uses = await db.tokenPermissionUse.findMany({ where: { tokenId: token.id } });
    expect(uses.map((use) => use.permission)).not.toContain("own-record");
  });

  it("refuses what every route refuses: junk, outside its addresses, disabled, deleted; never another token's record", async () => {
    expect((await call("GET", "/api/self", { token: "tkc_junk" })).status).toBe(401);
    expect((await call("GET", "/api/self")).status).toBe(401);

    const { secret, token } = await makeToken(alice, "fenced", "READ_ONLY");
    await call("PATCH", `/api/${token.id}`, { token: manager, body: { allowed_ips: ["198.51.100.7"] } });
    const outside = await call("GET", "/api/self", { token: secret, ip: freshIp() });
    expect(outside.status).toBe(403);
    expect((outside.json!.errors as Array<{ code: string }>)[0]!.code).toBe("forbidden_address");

    expect((await call("POST", `/api/${token.id}/disable`, { token: manager, body: {} })).status).toBe(200);
    const disabled = await call("GET", "/api/self", { token: secret, ip: "198.51.100.7" });
    expect(disabled.status).toBe(401);
    expect((disabled.json!.errors as Array<{ code: string }>)[0]!.code).toBe("token_disabled");

    const { secret: gone, token: goneToken } = await makeToken(alice, "gone", "WRITE");
    expect((await call("DELETE", `/api/${goneToken.id}/delete`, { token: manager })).status).toBe(200);
    expect((await call("GET", "/api/self", { token: gone })).status).toBe(401);

    // A rolled token's previous secret, in its overlap, is told that it is the previous one, and until when.
    const { secret: before, token: rolling } = await makeToken(alice, "rolling", "WRITE");
    const rolled = await call("POST", `/api/${rolling.id}/roll`, { token: manager, body: { grace_seconds: 300 } });
    expect(rolled.status).toBe(200);
    const old = await call("GET", "/api/self", { token: before });
    expect(old.status).toBe(200);
    const oldApi = old.json!.api as Record<string, unknown>;
    expect(oldApi).toMatchObject({ id: rolling.id, status: "active", via_previous_secret: true });
    const until = Date.parse(`${String(oldApi.previous_secret_valid_until).replace(" ", "T")}Z`);
    expect(until - Date.now()).toBeGreaterThan(250_000);
    expect(until - Date.now()).toBeLessThanOrEqual(300_000);
    const current = await call("GET", "/api/self", { token: String(rolled.json!.apikey) });
    expect(current.json!.api).toMatchObject({ via_previous_secret: false, previous_secret_valid_until: null });

    // The record is the caller's, whatever a query or header says.
    const mine = await call("GET", "/api/self", { token: manager, query: `?id=${token.id}` });
    expect((mine.json!.api as Record<string, unknown>).name).toBe("manager");
  });
});
