import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000000";
});

import { listAllTokens } from "@/lib/dal/token-listing";
import type { SessionUser } from "@/lib/dal/users";
import { MAX_TOKENS_PER_USER } from "@/lib/validation/api-token";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

let owner: SessionUser;
let secret: string;
beforeAll(async () => {
  owner = await makeUser();
  secret = (await makeToken(owner, "writer", "WRITE")).secret;
});

const names = async () => (await listAllTokens(owner)).map((t) => t.name).sort();

describe("POST /v2/api/generate refuses bad input with a clear 4xx and stores nothing", () => {
  it.each([
    ["invalid JSON", { rawBody: '{"name": "x",' }, 400, "The request body must be a JSON object."],
    ["a JSON array", { rawBody: '["x"]' }, 400, "The request body must be a JSON object."],
    ["JSON null", { rawBody: "null" }, 400, "The request body must be a JSON object."],
    ["an empty body", { rawBody: "" }, 400, "The request body must be a JSON object."],
    ["no name", { body: { write: "on" } }, 422, "name is required."],
    ["name as a number", { body: { name: 42 } }, 422, "name must be a string."],
    ["name as an array", { body: { name: ["a"] } }, 422, "name must be a string."],
    ["name as an object", { body: { name: { first: "a" } } }, 422, "name must be a string."],
    ["name as null", { body: { name: null } }, 422, "name must be a string."],
    ["an empty name", { body: { name: "   " } }, 422, "name: Enter a name for the token."],
    ["a 65-character name", { body: { name: "x".repeat(65) } }, 422, "name: Use at most 64 characters."],
    ["a NUL byte in the name", { body: { name: "a\u0000b" } }, 422, "no control characters"],
    ['write: "maybe"', { body: { name: "ok-name", write: "maybe" } }, 422, "write must be one of"],
    ["write as an object", { body: { name: "ok-name", write: { on: true } } }, 422, "write must be one of"],
    ["a duplicate name in another case", { body: { name: "WRITER" } }, 422, "You already have a token named “WRITER”"],
  ])("%s", async (_label, options, status, message) => {
    const before = await names();
    const response = await call("POST", "/api/generate", { token: secret, ...options });
    expect(response.status).toBe(status);
    expect(response.json?.status).toBe("error");
    expect(String(response.json?.message)).toContain(message);
    expect(await names()).toEqual(before);
  });

  it("refuses a 1 MB body with 413, whether or not it declares its length", async () => {
    const big = JSON.stringify({ name: "big", padding: "x".repeat(1024 * 1024) });
    const declared = await call("POST", "/api/generate", {
      token: secret,
      rawBody: big,
      headers: { "content-length": String(big.length) },
    });
    expect(declared.status).toBe(413);
    const streamed = await call("POST", "/api/generate", { token: secret, rawBody: new TextEncoder().encode(big) });
    expect(streamed.status).toBe(413);
    expect(streamed.json).toEqual({
      status: "error",
      message: "The request body is too large (at most 64 KB).",
      errors: [{ code: "body_too_large", message: "The request body is too large (at most 64 KB)." }],
    });
    expect(await names()).not.toContain("big");
  });

  it("ignores unknown fields: the owner comes from the token, never from the body", async () => {
    const other = { user: await makeUser() };
    const response = await call("POST", "/api/generate", {
      token: secret,
      body: { name: "mine", write: false, userId: other.user.id, user_id: other.user.id, scope: "WRITE", admin: true },
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ name: "mine", write: "0" });
    expect(await names()).toContain("mine");
    expect(await listAllTokens(other.user)).toEqual([]);
  });

  it(`answers 10,000 names past the cap of ${MAX_TOKENS_PER_USER} with 422s, and stores none of them`, async () => {
    const room = MAX_TOKENS_PER_USER - (await names()).length;
    const statuses = new Map<number, number>();
    for (let i = 0; i < room + 10_000; i++) {
      const response = await call("POST", "/api/generate", { token: secret, body: { name: `bulk-${i}` } });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (i === room)
        expect(response.json).toEqual({
          status: "error",
          message: `You have reached the limit of ${MAX_TOKENS_PER_USER} tokens. Delete one you no longer use, then try again.`,
          errors: [{ code: "token_limit_reached", message: expect.stringMatching(/^You have reached the limit/) }],
        });
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: room, 422: 10_000 });
    expect((await names()).length).toBe(MAX_TOKENS_PER_USER);
  }, 120_000);
});
