import { afterEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "5";
});

import { db } from "@/lib/server/db";
import { flushTokenUses } from "@/lib/server/last-used";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

async function freshToken(label: string) {
  return makeToken(await makeUser(), label, "READ_ONLY");
}

const storedLastUsed = async (id: string) =>
  (await db.apiToken.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } })).lastUsedAt?.getTime() ?? null;

afterEach(() => vi.restoreAllMocks());

describe("last used", () => {
  it("is written on first use, then at most once a minute, not on every request", async () => {
    const { secret, token } = await freshToken("last-used");
    const start = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(start);
    // Uses are written in batches, off the request's path: a flush writes what is pending now.
    const useAt = async (path: "/api" | "/account/info") => {
      await call("GET", path, { token: secret });
      await flushTokenUses();
    };

    expect(await storedLastUsed(token.id)).toBeNull();
    await useAt("/api");
    expect(await storedLastUsed(token.id)).toBe(start);

    clock.mockReturnValue(start + 30_000);
    await useAt("/account/info");
    expect(await storedLastUsed(token.id)).toBe(start); // within the minute: no write

    clock.mockReturnValue(start + 61_000);
    await useAt("/account/info");
    expect(await storedLastUsed(token.id)).toBe(start + 61_000);
  });
});

describe("requests per token", () => {
  it("are limited, with Retry-After, for that token only", async () => {
    const busy = await freshToken("busy");
    const other = await freshToken("other");
    for (let i = 0; i < 5; i++) expect((await call("GET", "/api", { token: busy.secret })).status).toBe(200);
    const limited = await call("GET", "/api", { token: busy.secret });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      status: "error",
      message: "Too many requests with this API token. Retry later.",
      errors: [{ code: "rate_limited", message: "Too many requests with this API token. Retry later." }],
    });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect((await call("GET", "/api", { token: other.secret })).status).toBe(200);
  });
});
