import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // This file sends thousands of requests with one token; the per-token limit has its own test.
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000000";
});

import { deleteToken } from "@/lib/dal/tokens";
import { listAllTokens } from "@/lib/dal/token-listing";
import type { SessionUser } from "@/lib/dal/users";
import { generateToken } from "@/lib/server/token-format";
import { call } from "@/test/api-client";
import { TEST_CONTEXT } from "@/test/fixtures";
import { makeToken, makeUser } from "@/test/fixtures";

const UNAUTHENTICATED_MESSAGE = "Authentication failed: send a valid API token as 'Authorization: Bearer <token>'.";
const UNAUTHENTICATED = {
  status: "error",
  message: UNAUTHENTICATED_MESSAGE,
  errors: [{ code: "unauthenticated", message: UNAUTHENTICATED_MESSAGE }],
};

let n = 0;
async function token(owner: SessionUser, scope: "READ_ONLY" | "WRITE") {
  const created = await makeToken(owner, `${scope}-${n++}`, scope);
  return { secret: created.secret, id: created.token.id };
}

let alice: SessionUser;
let bob: SessionUser;
let readOnly: string;
let write: string;
let deleted: string;
beforeAll(async () => {
  alice = await makeUser();
  bob = await makeUser();
  readOnly = (await token(alice, "READ_ONLY")).secret;
  write = (await token(alice, "WRITE")).secret;
  const gone = await token(alice, "WRITE");
  await deleteToken(alice, gone.id, TEST_CONTEXT);
  deleted = gone.secret;
});

function badChecksum(secret: string) {
  const last = secret.at(-1) === "A" ? "B" : "A";
  return secret.slice(0, -1) + last;
}

type Route = {
  name: string;
  method: "GET" | "POST" | "DELETE";
  /** The path for a request that should succeed; may create what it needs. */
  path: () => Promise<string>;
  body?: () => unknown;
  scope: "read" | "write";
};

const routes: Route[] = [
  { name: "GET /v2/account/info", method: "GET", path: async () => "/account/info", scope: "read" },
  { name: "GET /v2/api", method: "GET", path: async () => "/api", scope: "read" },
  {
    name: "POST /v2/api/generate",
    method: "POST",
    path: async () => "/api/generate",
    body: () => ({ name: `made-${n++}`, write: "on" }),
    scope: "write",
  },
  {
    name: "DELETE /v2/api/{id}/delete",
    method: "DELETE",
    path: async () => `/api/${(await token(alice, "READ_ONLY")).id}/delete`,
    scope: "write",
  },
];

type Case = { label: string; token: () => string | undefined; query?: () => string; expect: (route: Route) => number };

const cases: Case[] = [
  { label: "no header", token: () => undefined, expect: () => 401 },
  { label: "garbage", token: () => "hunter2", expect: () => 401 },
  { label: "a bad checksum", token: () => badChecksum(write), expect: () => 401 },
  { label: "an unknown token", token: () => generateToken().token, expect: () => 401 },
  { label: "a deleted token", token: () => deleted, expect: () => 401 },
  { label: "a Read-Only token", token: () => readOnly, expect: (r) => (r.scope === "write" ? 403 : 200) },
  { label: "a Write token", token: () => write, expect: () => 200 },
  { label: "the token in the query string", token: () => undefined, query: () => `?apikey=${write}`, expect: () => 401 },
  { label: "the token in the query string and the header", token: () => write, query: () => `?token=${write}`, expect: () => 401 },
];

describe.each(routes)("$name", (route) => {
  it.each(cases)("with $label", async (testCase) => {
    const before = (await listAllTokens(alice)).map((t) => t.id);
    const path = await route.path();
    const expected = testCase.expect(route);
    const response = await call(route.method, path, { token: testCase.token(), query: testCase.query?.(), body: route.body?.() });

    expect(response.status).toBe(expected);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    if (expected === 401) {
      expect(response.json).toEqual(UNAUTHENTICATED);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
    } else if (expected === 403) {
      // The Go SDK reads errors[].message: it names what the token lacks.
      const forbidden = "This API token lacks the permission api_keys:write.";
      expect(response.json).toEqual({
        status: "error",
        message: forbidden,
        errors: [{ code: "forbidden_scope", message: forbidden }],
        missing_permissions: ["api_keys:write"],
      });
    } else {
      expect(response.json).toMatchObject({ status: "success" });
    }

    // A refused request changes nothing.
    if (expected !== 200) {
      const after = (await listAllTokens(alice)).map((t) => t.id);
      const created = path.match(/^\/api\/(.+)\/delete$/)?.[1];
      expect(after).toEqual(created && !before.includes(created) ? [...before, created] : before);
    }
  });
});

describe("another user's token id", () => {
  it("gets the same 404 as an id that does not exist, and deletes nothing", async () => {
    const bobs = await token(bob, "WRITE");
    const other = await call("DELETE", `/api/${bobs.id}/delete`, { token: write });
    const missing = await call("DELETE", "/api/no-such-id/delete", { token: write });
    expect(other.status).toBe(404);
    expect(other.json).toEqual({
      status: "error",
      message: "API key not found.",
      errors: [{ code: "not_found", message: "API key not found." }],
    });
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(other.text);
    expect((await listAllTokens(bob)).map((t) => t.id)).toContain(bobs.id);
  });
});

describe("revocation", () => {
  it("lets a token delete itself, and the very next request with it is 401", async () => {
    const self = await token(alice, "WRITE");
    expect((await call("GET", "/api", { token: self.secret })).status).toBe(200);
    const response = await call("DELETE", `/api/${self.id}/delete`, { token: self.secret });
    expect(response.json).toEqual({ status: "success", message: "API key has been deleted" });
    const next = await call("GET", "/api", { token: self.secret });
    expect(next.status).toBe(401);
    expect(next.json).toEqual(UNAUTHENTICATED);
  });

  it("refuses a token deleted in the console on the next request", async () => {
    const console = await token(alice, "READ_ONLY");
    expect((await call("GET", "/account/info", { token: console.secret })).status).toBe(200);
    await deleteToken(alice, console.id, TEST_CONTEXT);
    expect((await call("GET", "/account/info", { token: console.secret })).status).toBe(401);
  });
});

describe("failed authentications", () => {
  it("are limited per address, with Retry-After, while other addresses go on", async () => {
    const ip = "10.200.0.1";
    for (let i = 0; i < 30; i++) expect((await call("GET", "/api", { token: "junk", ip })).status).toBe(401);
    const limited = await call("GET", "/api", { token: write, ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.json).toMatchObject({ status: "error" });
    expect((await call("GET", "/api", { token: write, ip: "10.200.0.2" })).status).toBe(200);
  });
});
