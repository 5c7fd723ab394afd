import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { startCaddy, startNginx, startUpstream, type RunningProxy } from "../support/proxies";
import { requestFrom, startServer, type RunningServer } from "../support/server";
import { databaseUrlFor, dropDatabase, onServer } from "../../test/postgres";
import { mintToken, tempDir } from "./support";

// Forward auth through real proxies: Debian's nginx with deploy/nginx/forward-auth.conf and Caddy
// with deploy/Caddyfile, both used as the repository ships them, in front of a small service
// that shows what it received. The console trusts the loopback proxies (TRUST_PROXY=loopback):
// a proxy that passed on a client's own X-Forwarded-For would let a client pick its address,
// and the allowed-IPs cases below would see it. config/permissions.json's route rules: GET on
// /v2/dns/** needs dns:read, POST dns:write, a path no rule names is refused.

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
const json = (answer: Answer) => JSON.parse(answer.body) as Record<string, unknown>;
const seen = (answer: Answer) =>
  json(answer) as {
    upstream?: boolean;
    method: string;
    path: string;
    tokenId: string | null;
    tokenUser: string | null;
    tokenPermissions: string | null;
  };
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
/** The forward-auth questions a console's request log shows it answered. */
const asked = (server: RunningServer) =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { event?: string; path?: string; status?: number })
    .filter((line) => line.event === "request" && line.path?.startsWith("/v2/auth/forward"));
/** A count once it has not changed for 300 ms. */
async function settled(count: () => number): Promise<number> {
  let last = count();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = count();
    if (now === last) return now;
    last = now;
  }
}
/** The API's error body: {"status":"error","message":...,"errors":[{"code","message"}]}. */
const expectErrorBody = (answer: Answer) => {
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  const body = json(answer) as { status: string; message: string; errors: { code: string; message: string }[] };
  expect(body.status).toBe("error");
  expect(typeof body.message).toBe("string");
  expect(body.errors[0]).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
  return body;
};

test.describe("forward auth through nginx and Caddy", () => {
  let consoleServer: RunningServer;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  const proxies: Record<"nginx" | "caddy", RunningProxy | undefined> = { nginx: undefined, caddy: undefined };
  let account: ReturnType<typeof mintToken>;
  // account.tokens, by what each is for.
  let reader: { id: string; token: string };
  let writer: { id: string; token: string };
  let fenced: { id: string; token: string };
  const doomed: Record<"nginx" | "caddy", { id: string; token: string }> = {} as never;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const dataDir = tempDir("forward-auth");
    consoleServer = await startServer(3430, { TRUST_PROXY: "loopback" }, { dataDir });
    account = mintToken(dataDir, {}, [
      { scope: "CUSTOM", permissions: ["dns:read"] },
      { scope: "WRITE" },
      { scope: "CUSTOM", permissions: ["dns:read"], allowedIps: ["127.0.0.3"] },
      { scope: "CUSTOM", permissions: ["dns:read"] },
      { scope: "CUSTOM", permissions: ["dns:read"] },
    ]);
    [reader, writer, fenced, doomed.nginx, doomed.caddy] = account.tokens as [never, never, never, never, never];
    upstream = await startUpstream(3432);
    proxies.nginx = await startNginx({ port: 3433, consoleUrl: consoleServer.url, upstreamUrl: upstream.url });
    proxies.caddy = await startCaddy({ port: 3434, consoleUrl: consoleServer.url, upstreamUrl: upstream.url });
  });
  test.afterAll(async () => {
    await Promise.all([proxies.nginx?.stop(), proxies.caddy?.stop(), upstream?.stop()]);
    await consoleServer?.stop();
  });

  for (const which of ["nginx", "caddy"] as const) {
    const through = (path: string, options: { from?: string; method?: string; headers?: Record<string, string>; body?: string } = {}) =>
      requestFrom(options.from ?? "127.0.0.1", `${proxies[which]!.url}${path}`, options) as Promise<Answer>;

    test(`${which}: a dns:read token reads through it; the service gets the token's id, owner and permissions, never a client's copies`, async () => {
      const answer = await through("/v2/dns/zones?page=2", { headers: bearer(reader.token) });
      expect(answer.status, answer.body).toBe(200);
      expect(seen(answer)).toEqual(
        expect.objectContaining({
          upstream: true,
          method: "GET",
          path: "/v2/dns/zones?page=2",
          tokenId: reader.id,
          tokenUser: account.userId,
        }),
      );
      expect(seen(answer).tokenPermissions?.split(" ")).toContain("dns:read");
      expect(seen(answer).tokenPermissions?.split(" ")).not.toContain("dns:write");

      const forged = await through("/v2/dns/zones", {
        headers: { ...bearer(reader.token), "X-Token-Id": "tok_forged", "X-Token-User": "usr_forged", "X-Token-Permissions": "dns:write" },
      });
      expect(forged.status, forged.body).toBe(200);
      expect(seen(forged)).toEqual(expect.objectContaining({ tokenId: reader.id, tokenUser: account.userId }));
      expect(seen(forged).tokenPermissions).not.toContain("dns:write");
      // HEAD is a read too.
      expect((await through("/v2/dns/zones", { method: "HEAD", headers: bearer(reader.token) })).status).toBe(200);
    });

    test(`${which}: a write it lacks is refused with 403 naming dns:write, and the service never sees it`, async () => {
      const before = upstream.requests.length;
      const answer = await through("/v2/dns/zones", {
        method: "POST",
        headers: { ...bearer(reader.token), "Content-Type": "application/json" },
        body: JSON.stringify({ name: "example.com" }),
      });
      expect(answer.status, answer.body).toBe(403);
      const body = expectErrorBody(answer) as ReturnType<typeof expectErrorBody> & { missing_permissions?: string[] };
      expect(body.errors[0]!.code).toBe("forbidden_scope");
      expect(body.missing_permissions).toEqual(["dns:write"]);
      // The console's copy of the body for nginx (X-Token-Error) is not passed on to the client.
      expect(answer.headers["x-token-error"]).toBeUndefined();
      // DELETE is a write as well; a path no route rule names is refused whatever the token.
      expect((await through("/v2/dns/zones/1", { method: "DELETE", headers: bearer(reader.token) })).status).toBe(403);
      const unruled = await through("/v2/no-such-service/things", { headers: bearer(writer.token) });
      expect(unruled.status, unruled.body).toBe(403);
      expectErrorBody(unruled);
      expect(upstream.requests.length).toBe(before);
    });

    test(`${which}: no token, or a junk one, is 401 with WWW-Authenticate: Bearer and the API's JSON body`, async () => {
      const before = upstream.requests.length;
      for (const headers of [{}, { Authorization: "Bearer not-a-token" }, { Authorization: "Basic dXNlcjpwYXNz" }] as Record<
        string,
        string
      >[]) {
        const answer = await through("/v2/dns/zones", { headers: { ...headers, "X-Request-Id": "chosen-by-the-client" } });
        expect(answer.status, answer.body).toBe(401);
        expect(String(answer.headers["www-authenticate"])).toMatch(/^Bearer\b/);
        // One challenge, not nginx's copy beside the console's.
        expect(String(answer.headers["www-authenticate"]).match(/Bearer/g)).toHaveLength(1);
        expectErrorBody(answer);
        // The console's id for the refused question (the proxy's own: nginx's 32 hex digits,
        // Caddy's UUID), one of it, for the client to quote; never one the client sent.
        expect(String(answer.headers["x-request-id"])).toMatch(/^([0-9a-f]{32}|[0-9a-f-]{36})$/);
      }
      expect(upstream.requests.length).toBe(before);
    });

    test(`${which}: a refusal is one question to the console, not two (a failed attempt counts once)`, async () => {
      for (const [headers, status] of [
        [{ Authorization: "Bearer not-a-token" }, 401],
        [bearer(reader.token), 403],
      ] as const) {
        // A line is written when its answer has gone: the earlier tests' last ones may still come.
        const before = await settled(() => asked(consoleServer).length);
        const answer = await through("/v2/dns/zones", { method: status === 403 ? "PUT" : "GET", headers });
        expect(answer.status, answer.body).toBe(status);
        expect((await settled(() => asked(consoleServer).length)) - before).toBe(1);
      }
    });

    if (which === "nginx")
      test("nginx: a refusal of nginx's own (deny) stays nginx's: the console does not answer it with the token's verdict", async () => {
        const before = upstream.requests.length;
        const answer = await through("/denied-by-nginx/x", { headers: bearer(reader.token) });
        expect(answer.status).toBe(403);
        expect(answer.headers["content-type"]).toMatch(/^text\/html/);
        expect(answer.headers["x-token-id"]).toBeUndefined();
        expect(upstream.requests.length).toBe(before);
      });

    test(`${which}: a token deleted through the console's API is refused at the next request`, async () => {
      const token = doomed[which];
      expect((await through("/v2/dns/zones", { headers: bearer(token.token) })).status).toBe(200);
      const deleted = await fetch(`${consoleServer.url}/v2/api/${token.id}/delete`, { method: "DELETE", headers: bearer(writer.token) });
      expect(deleted.status, await deleted.text()).toBe(200);
      const after = await through("/v2/dns/zones", { headers: bearer(token.token) });
      expect(after.status, after.body).toBe(401);
      expectErrorBody(after);
    });

    test(`${which}: allowed IPs are judged on the client's address as the proxy saw it, not on a header the client wrote`, async () => {
      const from2 = await through("/v2/dns/zones", { from: "127.0.0.2", headers: bearer(fenced.token) });
      expect(from2.status, from2.body).toBe(403);
      expectErrorBody(from2);
      const from3 = await through("/v2/dns/zones", { from: "127.0.0.3", headers: bearer(fenced.token) });
      expect(from3.status, from3.body).toBe(200);
      expect(seen(from3).tokenId).toBe(fenced.id);
      for (const claimed of ["127.0.0.3", "127.0.0.3, 127.0.0.3", "10.0.0.1, 127.0.0.3"]) {
        const spoofed = await through("/v2/dns/zones", {
          from: "127.0.0.2",
          headers: { ...bearer(fenced.token), "X-Forwarded-For": claimed },
        });
        expect(spoofed.status, `X-Forwarded-For: ${claimed}: ${spoofed.body}`).toBe(403);
      }
    });

    test(`${which}: too many failed attempts from one address are 429 with Retry-After and the JSON body`, async () => {
      // An address of its own per proxy, so that only these count (API_AUTH_FAILURES_PER_IP, 30).
      const from = which === "nginx" ? "127.0.0.8" : "127.0.0.9";
      let answer: Answer | undefined;
      for (let i = 0; i < 40; i++) {
        answer = await through("/v2/dns/zones", { from, headers: { Authorization: `Bearer junk-${i}` } });
        if (answer.status !== 401) break;
      }
      expect(answer!.status, answer!.body).toBe(429);
      expect(Number(answer!.headers["retry-after"])).toBeGreaterThan(0);
      expectErrorBody(answer!);
      // Another address is not held back by it.
      expect((await through("/v2/dns/zones", { from: "127.0.0.1", headers: bearer(reader.token) })).status).toBe(200);
    });
  }

  test("a console that cannot be reached lets nothing through either proxy (502)", async () => {
    // No one listens on 3439: both proxies fail closed.
    const cut = [
      await startNginx({ port: 3440, consoleUrl: "http://127.0.0.1:3439", upstreamUrl: upstream.url }),
      await startCaddy({ port: 3441, consoleUrl: "http://127.0.0.1:3439", upstreamUrl: upstream.url }),
    ];
    try {
      const before = upstream.requests.length;
      for (const proxy of cut) {
        const answer = await requestFrom("127.0.0.1", `${proxy.url}/v2/dns/zones`, { headers: bearer(reader.token) });
        expect(answer.status, `${proxy.url}: ${answer.body}`).toBe(502);
      }
      expect(upstream.requests.length).toBe(before);
    } finally {
      await Promise.all(cut.map((proxy) => proxy.stop()));
    }
  });

  test("forward auth asked directly, by anyone but a trusted proxy, is 403", async () => {
    // A second server on the same database that trusts no proxy: the token is good there.
    const untrusted = await startServer(3431, {}, { dataDir: consoleServer.dataDir });
    try {
      const ask = (headers: Record<string, string>) =>
        requestFrom("127.0.0.1", `${untrusted.url}/v2/auth/forward`, {
          headers: { ...bearer(reader.token), ...headers },
        }) as Promise<Answer>;
      for (const headers of [
        { "X-Original-Method": "GET", "X-Original-URI": "/v2/dns/zones" },
        { "X-Forwarded-Method": "GET", "X-Forwarded-Uri": "/v2/dns/zones", "X-Forwarded-For": "127.0.0.1" },
      ] as Record<string, string>[]) {
        const answer = await ask(headers);
        expect(answer.status, answer.body).toBe(403);
        expect(answer.headers["x-token-id"]).toBeUndefined();
        expectErrorBody(answer);
      }
      // The same question from a trusted proxy's address is answered.
      const trusted = await requestFrom("127.0.0.1", `${consoleServer.url}/v2/auth/forward`, {
        headers: { ...bearer(reader.token), "X-Original-Method": "GET", "X-Original-URI": "/v2/dns/zones", "X-Forwarded-For": "127.0.0.1" },
      });
      expect(trusted.status, trusted.body).toBe(200);
      expect(trusted.headers["x-token-id"]).toBe(reader.id);
      expect(trusted.headers["x-token-user"]).toBe(account.userId);
    } finally {
      await untrusted.stop();
    }
    expect(consoleServer.output()).not.toContain('"level":"error"');
  });
});

// Two instances on one database behind nginx, balanced round-robin: a delete on one is refused
// at once whichever instance nginx asks next. On PostgreSQL when TEST_DATABASE_URL is set, each
// instance with a data folder of its own; otherwise on one SQLite file they share (as
// instances.spec.ts does).
test.describe(`forward auth through nginx across two instances on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "one SQLite file"}`, () => {
  let a: RunningServer;
  let b: RunningServer;
  let nginx: RunningProxy;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let env: Record<string, string>;
  let dropAfter = async () => {};

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    env = {
      TRUST_PROXY: "loopback",
      // The stress cycles below make one refused request a cycle, all from loopback.
      API_AUTH_FAILURES_PER_IP: "100000",
      API_REQUESTS_PER_TOKEN_PER_MINUTE: "100000",
      // Limits counted in one place when a Redis is given, as two instances are meant to run.
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_KEY_PREFIX: `test-forward-auth-${Date.now()}` } : {}),
    };
    if (process.env.TEST_DATABASE_URL) {
      const database = `tc_forward_auth_${Date.now().toString(36)}`;
      await onServer(`CREATE DATABASE "${database}"`);
      dropAfter = () => dropDatabase(database);
      Object.assign(env, {
        DATABASE_URL: databaseUrlFor(database),
        AUTH_SECRET: crypto.randomBytes(32).toString("base64"),
        TOKEN_PEPPER: crypto.randomBytes(32).toString("base64"),
        NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
        // What every instance on PostgreSQL must share: the origin people reach the console at.
        PUBLIC_URL: "http://127.0.0.1:3437",
      });
      // Started together: they take turns at the migrations.
      [a, b] = await Promise.all([startServer(3435, env), startServer(3436, env)]);
    } else {
      // One after the other: the first makes the data folder's secrets, the second reads them.
      const dataDir = tempDir("forward-auth-instances");
      a = await startServer(3435, env, { dataDir });
      b = await startServer(3436, env, { dataDir });
    }
    upstream = await startUpstream(3438);
    nginx = await startNginx({ port: 3437, consoleUrl: [a.url, b.url], upstreamUrl: upstream.url });
  });
  test.afterAll(async () => {
    await Promise.all([nginx?.stop(), upstream?.stop()]);
    await Promise.all([a?.stop(), b?.stop()]);
    await dropAfter();
  });

  test("a token deleted on one instance is refused at once through nginx, whichever instance answers", async () => {
    const minted = mintToken(a.dataDir, env, [{ scope: "CUSTOM", permissions: ["dns:read"] }, { scope: "WRITE" }]);
    const [reader, writer] = minted.tokens as [{ id: string; token: string }, { id: string; token: string }];
    const get = () => requestFrom("127.0.0.1", `${nginx.url}/v2/dns/zones`, { headers: bearer(reader.token) });
    // Round-robin: these go to both instances.
    for (let i = 0; i < 4; i++) {
      const answer = await get();
      expect(answer.status, answer.body).toBe(200);
      expect(seen(answer).tokenId).toBe(reader.id);
    }
    const deleted = await fetch(`${b.url}/v2/api/${reader.id}/delete`, { method: "DELETE", headers: bearer(writer.token) });
    expect(deleted.status, await deleted.text()).toBe(200);
    for (let i = 0; i < 4; i++) expect((await get()).status).toBe(401);
    // Both instances were asked (their request logs), before the delete and after it.
    await expect.poll(() => asked(a).length + asked(b).length).toBeGreaterThanOrEqual(8);
    expect(asked(a).map((line) => line.status)).toEqual(expect.arrayContaining([200, 401]));
    expect(asked(b).map((line) => line.status)).toEqual(expect.arrayContaining([200, 401]));
    expect(a.output() + b.output()).not.toContain('"level":"error"');
  });

  test("300 cycles: made on one instance, read through nginx, deleted on the other, refused at the very next request", async () => {
    test.setTimeout(180_000);
    const minted = mintToken(a.dataDir, env, [{ scope: "WRITE" }]);
    const [writer] = minted.tokens as [{ id: string; token: string }];
    const through = (token: string) => requestFrom("127.0.0.1", `${nginx.url}/v2/dns/zones`, { headers: bearer(token) });
    const stale: string[] = [];
    // A connection of its own for each call to an instance: a kept-alive one the instance closed
    // while idle (5 s) would fail the POST that meets it, which is no answer of the console's.
    const direct = (url: string, method: string, body?: unknown) =>
      requestFrom("127.0.0.1", url, {
        method,
        headers: { ...bearer(writer.token), Connection: "close", ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    for (let i = 0; i < 300; i++) {
      const [maker, deleter] = i % 2 ? [a, b] : [b, a];
      const made = await direct(`${maker.url}/v2/api/generate`, "POST", { name: `cycle-${i}`, permissions: ["dns:read"] });
      expect(made.status, made.body).toBe(200);
      const key = JSON.parse(made.body) as { apikey: string; id: string };
      expect((await through(key.apikey)).status).toBe(200);
      const deleted = await direct(`${deleter.url}/v2/api/${key.id}/delete`, "DELETE");
      expect(deleted.status, deleted.body).toBe(200);
      // The very next request through the proxy, raced against another, whichever instance nginx picks.
      const [after] = await Promise.all([through(key.apikey), through(writer.token)]);
      if (after.status !== 401) stale.push(`cycle ${i}: ${after.status}`);
    }
    expect(stale).toEqual([]);
  });
});
