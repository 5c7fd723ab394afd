import { beforeAll, describe, expect, it, vi } from "vitest";

// Wraps the DAL's lookup so the test can count the queries an API request makes.
vi.mock("@/lib/dal/tokens", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/dal/tokens")>();
  return { ...actual, findTokenByHash: vi.fn(actual.findTokenByHash) };
});

import { findTokenByHash } from "@/lib/dal/tokens";
import { generateToken } from "@/lib/server/token-format";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

let secret: string;
beforeAll(async () => {
  secret = (await makeToken(await makeUser(), "real", "READ_ONLY")).secret;
});

describe("authentication cost", () => {
  it("rejects junk and bad-checksum tokens without a database query", async () => {
    const lookups = vi.mocked(findTokenByHash);
    lookups.mockClear();
    const junk = ["hunter2", "tkc_short", `${secret.slice(0, -1)}${secret.at(-1) === "A" ? "B" : "A"}`, `x${secret.slice(1)}`];
    for (const token of junk) expect((await call("GET", "/api", { token })).status).toBe(401);
    expect(lookups).not.toHaveBeenCalled();

    expect((await call("GET", "/api", { token: generateToken().token })).status).toBe(401);
    expect(lookups).toHaveBeenCalledTimes(1);
    expect((await call("GET", "/api", { token: secret })).status).toBe(200);
    expect(lookups).toHaveBeenCalledTimes(2);
  });
});
