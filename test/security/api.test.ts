import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/dal/tokens", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/dal/tokens")>();
  return { ...actual, findTokenByHash: vi.fn(actual.findTokenByHash) };
});

import { deleteToken, findTokenByHash } from "@/lib/dal/tokens";
import { listAllTokens } from "@/lib/dal/token-listing";
import type { SessionUser } from "@/lib/dal/users";
import { MAX_TOKENS_PER_USER } from "@/lib/validation/api-token";
import { call } from "@/test/api-client";
import { everyStoredValue, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// The attack cases against the platform API that held, kept as regressions.

let owner: SessionUser;
let reader: string;
let writer: string;
beforeAll(async () => {
  owner = await makeUser();
  reader = (await makeToken(owner, "reader", "READ_ONLY")).secret;
  writer = (await makeToken(owner, "writer", "WRITE")).secret;
});

describe("the platform API", () => {
  it("refuses a Read-Only token on a write route with 403, and writes nothing", async () => {
    const before = (await listAllTokens(owner)).length;
    expect((await call("POST", "/api/generate", { token: reader, body: { name: "nope", write: "on" } })).status).toBe(403);
    expect((await listAllTokens(owner)).length).toBe(before);
  });

  it("refuses a mangled checksum without a database query", async () => {
    const lookups = vi.mocked(findTokenByHash);
    lookups.mockClear();
    const mangled = writer.slice(0, 20) + (writer[20] === "a" ? "b" : "a") + writer.slice(21);
    expect((await call("GET", "/api", { token: mangled })).status).toBe(401);
    expect(lookups).not.toHaveBeenCalled();
  });

  it("refuses a token in the query string, even with a valid header", async () => {
    expect((await call("GET", "/api", { query: `?api_key=${writer}` })).status).toBe(401);
    expect((await call("GET", "/api", { token: writer, query: `?token=${writer}` })).status).toBe(401);
    // However it is written there, as the request log would mask it (the attack helper's finding).
    const body = writer.slice("tkc_".length);
    for (const query of [`?x=TKC_${body}`, `?x=tkc%255F${body}`, `?x=%74kc_${body}`, `?x=%FF%74kc_${body}`, `?x=tkc%5F%FF${body}`]) {
      expect((await call("GET", "/api", { token: writer, query })).status, query).toBe(401);
    }
  });

  it("refuses a deleted token on the very next request", async () => {
    const doomed = await makeToken(owner, "doomed", "WRITE");
    expect((await call("GET", "/api", { token: doomed.secret })).status).toBe(200);
    await deleteToken(owner, doomed.token.id, TEST_CONTEXT);
    expect((await call("GET", "/api", { token: doomed.secret })).status).toBe(401);
  });

  it("limits a flood of junk tokens per address, and leaves other addresses alone", async () => {
    const ip = "203.0.113.99";
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++) statuses.add((await call("GET", "/api", { token: `tkc_junk${i}`, ip })).status);
    expect(statuses).toEqual(new Set([401, 429]));
    expect((await call("GET", "/api", { token: writer, ip })).status).toBe(429);
    expect((await call("GET", "/api", { token: writer, ip: "203.0.113.100" })).status).toBe(200);
  });

  it(`holds the cap of ${MAX_TOKENS_PER_USER} tokens against a burst of creations`, async () => {
    const capped = await makeUser();
    const key = (await makeToken(capped, "key", "WRITE")).secret;
    const results = await Promise.all(
      Array.from({ length: MAX_TOKENS_PER_USER + 10 }, (_, i) =>
        call("POST", "/api/generate", { token: key, body: { name: `burst-${i}` } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(MAX_TOKENS_PER_USER - 1);
    expect(results.filter((r) => r.status === 422)).toHaveLength(11);
    expect((await listAllTokens(capped)).length).toBe(MAX_TOKENS_PER_USER);
  });

  it("keeps no secret anywhere in the database: only hashes", async () => {
    const values = (await everyStoredValue()).join("\n");
    for (const secret of [reader, writer]) {
      expect(values).not.toContain(secret);
      expect(values).not.toContain(secret.slice(12, 47));
    }
  });
});
