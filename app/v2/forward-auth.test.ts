import { beforeAll, describe, expect, it } from "vitest";
import { GET, POST } from "@/app/v2/auth/forward/route";
import { errorBody } from "@/lib/api/schemas";
import { createToken, deleteToken } from "@/lib/dal/tokens";
import { flushTokenUses } from "@/lib/dal/last-used";
import { db } from "@/lib/server/db";
import { forgetObservedResources, permissionUses } from "@/lib/dal/token-permissions";
import { narrowingOf } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import type { SessionUser } from "@/lib/dal/users";
import { CLIENT_IP_HEADER, VIA_PROXY_HEADER } from "@/lib/server/client-address.mjs";
import { freshIp } from "@/test/api-client";
import { makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Forward auth, in process: what a reverse proxy asks, and what it is told. The route rules are
// the shipped catalogue's (config/permissions.json): GET /v2/dns/** needs dns:read, a write dns:write.

type Ask = {
  token?: string;
  method?: string;
  uri?: string;
  style?: "nginx" | "caddy";
  ip?: string;
  proxy?: boolean;
  headers?: Record<string, string>;
};

async function ask({ token, method = "GET", uri = "/v2/dns/zones", style = "nginx", ip = freshIp(), proxy = true, headers = {} }: Ask) {
  const sent: Record<string, string> = { host: "console.test", [CLIENT_IP_HEADER]: ip, [VIA_PROXY_HEADER]: proxy ? "1" : "0", ...headers };
  if (token) sent.authorization = `Bearer ${token}`;
  if (style === "nginx") Object.assign(sent, { "x-original-method": method, "x-original-uri": uri });
  else Object.assign(sent, { "x-forwarded-method": method, "x-forwarded-uri": uri });
  const request = new Request("http://console.test/v2/auth/forward", { method: "GET", headers: sent });
  const response = await GET(request);
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  if (response.status >= 400) {
    expect(errorBody.parse(json)).toEqual(json);
    // nginx passes no body on: the refusal's body travels in a header too.
    expect(response.headers.get("x-token-error")).toBe(text);
  }
  return { status: response.status, headers: response.headers, json };
}

let alice: SessionUser;
let dnsReader: { secret: string; id: string };
beforeAll(async () => {
  alice = await makeUser();
  const made = await makeToken(alice, "dns-reader", "CUSTOM", ["dns:read"]);
  dnsReader = { secret: made.secret, id: made.token.id };
});

describe("forward auth", () => {
  it("lets a dns:read token read, with its id, owner and permissions in headers for the proxy to pass upstream", async () => {
    for (const style of ["nginx", "caddy"] as const) {
      const answer = await ask({ token: dnsReader.secret, style });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-token-id")).toBe(dnsReader.id);
      expect(answer.headers.get("x-token-user")).toBe(alice.id);
      expect(answer.headers.get("x-token-permissions")).toBe("dns:read");
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("refuses a write, naming the missing permission, and audits it as api.denied", async () => {
    const answer = await ask({ token: dnsReader.secret, method: "POST", uri: "/v2/dns/zones/example.com/records" });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ errors: [{ code: "forbidden_scope" }], missing_permissions: ["dns:write"] });
    const denied = await db.auditEvent.findFirst({ where: { action: "api.denied", targetTokenId: dnsReader.id } });
    expect(denied?.detail).toContain("POST /v2/dns/zones/example.com/records (forward auth): lacks dns:write");
  });

  it("refuses, by default, a request no rule covers, and a path that climbs out of its rule", async () => {
    const write = await makeToken(alice, "fa-write", "WRITE");
    for (const uri of ["/v2/nothing-here", "/somewhere/else"]) {
      const answer = await ask({ token: write.secret, uri });
      expect(answer.status, uri).toBe(403);
      expect(answer.json).toMatchObject({ errors: [{ code: "forbidden_endpoint" }] });
    }
    // /v2/dns/../api would be the console's own API: it is /v2/api, which no rule covers.
    for (const uri of ["/v2/dns/../api", "/v2/dns/%2e%2e/api", "/v2/dns/%2E%2E/%2E%2E/cloud/servers"]) {
      const answer = await ask({ token: dnsReader.secret, uri });
      expect(answer.status, uri).not.toBe(200);
    }
    // An encoded slash or a NUL is no path at all.
    for (const uri of ["/v2/dns/a%2fb", "/v2/dns/%00", "/../../v2/dns"]) {
      const answer = await ask({ token: dnsReader.secret, uri });
      expect(answer.status, uri).toBe(400);
      expect(answer.json).toMatchObject({ errors: [{ code: "invalid_path" }] });
    }
    // The query string is ignored: it cannot pick another rule.
    expect((await ask({ token: dnsReader.secret, uri: "/v2/dns/zones?x=/v2/cloud" })).status).toBe(200);
  });

  it("answers 401 with WWW-Authenticate: Bearer for no token, junk, a bad checksum, a deleted and an expired token", async () => {
    const gone = await makeToken(alice, "fa-gone", "WRITE");
    await deleteToken(alice, gone.token.id, TEST_CONTEXT);
    const badChecksum = dnsReader.secret.slice(0, -1) + (dnsReader.secret.endsWith("A") ? "B" : "A");
    for (const token of [undefined, "junk", badChecksum, gone.secret]) {
      const answer = await ask({ token });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(answer.json).toMatchObject({ errors: [{ code: "unauthenticated" }] });
    }
  });

  it("holds a token's allowed IPs against the client's address as the proxy gave it", async () => {
    const pinned = await createToken(
      alice,
      { name: "fa-pinned", scope: "CUSTOM", permissions: ["dns:read"], allowedIps: ["198.51.100.7"] },
      TEST_CONTEXT,
    );
    if (!pinned.ok) throw new Error(pinned.reason);
    expect((await ask({ token: pinned.secret, ip: "198.51.100.7" })).status).toBe(200);
    const elsewhere = await ask({ token: pinned.secret, ip: "198.51.100.8", headers: { "x-forwarded-for": "198.51.100.7" } });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json).toMatchObject({ errors: [{ code: "forbidden_address" }] });
  });

  it("answers only a trusted proxy", async () => {
    const answer = await ask({ token: dnsReader.secret, proxy: false });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({ errors: [{ code: "untrusted_proxy" }] });
    expect(answer.headers.get("x-token-id")).toBeNull();
  });

  it("asks for the original request when the proxy sends none", async () => {
    const request = new Request("http://console.test/v2/auth/forward", {
      method: "POST",
      headers: { [CLIENT_IP_HEADER]: freshIp(), [VIA_PROXY_HEADER]: "1", authorization: `Bearer ${dnsReader.secret}` },
    });
    const response = await POST(request);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ code: "invalid_request" }] });
  });

  it("records the permission's use, so that narrowing sees what a service behind the proxy used", async () => {
    const made = await makeToken(alice, "fa-uses", "CUSTOM", ["dns:write", "cloud:read"]);
    expect((await ask({ token: made.secret, method: "DELETE", uri: "/v2/dns/zones/example.com" })).status).toBe(200);
    await flushTokenUses();
    const uses = await db.tokenPermissionUse.findMany({ where: { tokenId: made.token.id } });
    expect(uses.map((use) => use.permission)).toEqual(["dns:write"]);

    // DNS is now a service this console sees used: another token's unused DNS permissions would go
    // when it narrows, while those of services no proxy has asked about stay.
    const other = await makeToken(alice, "fa-other", "WRITE");
    forgetObservedResources();
    const seen = await permissionUses(db, { id: other.token.id, ownerId: alice.id, scope: "WRITE", permissions: [] });
    const narrowing = narrowingOf(seen, Date.now(), resourceCatalogue());
    expect(narrowing.removing).toEqual(expect.arrayContaining(["dns:read", "dns:write", "account:read", "api_keys:write"]));
    expect(narrowing.unrecorded).toEqual(expect.arrayContaining(["vpc:read", "vpc:write"]));
    expect(narrowing.unrecorded).not.toContain("dns:read");
  });
});

describe("forward auth's activity", () => {
  it("counts what the proxies asked in the token's activity, under the original request, without its query", async () => {
    const { flushActivity, tokenRequests, tokenUsage } = await import("@/lib/dal/activity");
    const owner = await makeUser();
    const made = await makeToken(owner, "dns-activity", "CUSTOM", ["dns:read"]);
    expect((await ask({ token: made.secret, uri: "/v2/dns/zones?page=2&filter=secret-ish" })).status).toBe(200);
    expect((await ask({ token: made.secret, method: "DELETE", uri: "/v2/dns/zones/example.com", style: "caddy" })).status).toBe(403);
    await flushActivity();
    const usage = await tokenUsage(owner, made.token.id, "24h");
    expect(usage?.totals).toMatchObject({ ok: 1, denied_permission: 1 });
    expect(usage?.top.permission).toEqual(
      expect.arrayContaining([
        { value: "dns:read", count: 1 },
        { value: "dns:write", count: 1 },
      ]),
    );
    const log = await tokenRequests(owner, made.token.id);
    expect(log?.requests.map((line) => [line.method, line.path, line.status, line.outcome])).toEqual([
      ["DELETE", "/v2/dns/zones/example.com", 403, "denied_permission"],
      ["GET", "/v2/dns/zones", 200, "ok"],
    ]);
  });
});
