import { afterEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "5";
});

import { db } from "@/lib/server/db";
import { flushTokenUses } from "@/lib/dal/last-used";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

async function freshToken(label: string) {
  return makeToken(await makeUser(), label, "READ_ONLY");
}

const storedLastUsed = async (id: string) =>
  (await db.apiToken.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true } })).lastUsedAt?.getTime() ?? null;

afterEach(() => vi.restoreAllMocks());

const storedUse = (id: string) =>
  db.apiToken.findUniqueOrThrow({ where: { id }, select: { lastUsedAt: true, lastUsedIp: true, lastUsedClient: true } });
const addressesOf = (tokenId: string) =>
  db.tokenAddress.findMany({ where: { tokenId }, orderBy: { lastSeenAt: "desc" }, select: { ip: true, client: true, lastSeenAt: true } });

describe("last used", () => {
  it("is written on first use, then at most once a minute per address, not on every request", async () => {
    const { secret, token } = await freshToken("last-used");
    const start = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(start);
    // Uses are written in batches, off the request's path: a flush writes what is pending now.
    const useAt = async (path: "/api" | "/account/info", ip = "203.0.113.7", userAgent = "curl/8.5.0") => {
      await call("GET", path, { token: secret, ip, headers: { "user-agent": userAgent } });
      await flushTokenUses();
    };

    expect(await storedLastUsed(token.id)).toBeNull();
    await useAt("/api");
    expect(await storedUse(token.id)).toEqual({ lastUsedAt: new Date(start), lastUsedIp: "203.0.113.7", lastUsedClient: "curl 8.5.0" });

    clock.mockReturnValue(start + 30_000);
    await useAt("/account/info");
    expect(await storedLastUsed(token.id)).toBe(start); // within the minute, same address: no write

    // Another address within the minute is news: its use is written, and it joins the recent addresses.
    clock.mockReturnValue(start + 40_000);
    await useAt("/account/info", "2001:db8::5", "Go-http-client/1.1");
    expect(await storedUse(token.id)).toEqual({
      lastUsedAt: new Date(start + 40_000),
      lastUsedIp: "2001:db8::5",
      lastUsedClient: "Go SDK",
    });
    // ...and the first address again, still within its own minute, is not.
    clock.mockReturnValue(start + 50_000);
    await useAt("/account/info");
    expect(await storedUse(token.id)).toMatchObject({ lastUsedIp: "2001:db8::5" });
    expect(await addressesOf(token.id)).toEqual([
      { ip: "2001:db8::5", client: "Go SDK", lastSeenAt: new Date(start + 40_000) },
      { ip: "203.0.113.7", client: "curl 8.5.0", lastSeenAt: new Date(start) },
    ]);

    clock.mockReturnValue(start + 61_000);
    await useAt("/account/info");
    expect(await storedUse(token.id)).toMatchObject({ lastUsedAt: new Date(start + 61_000), lastUsedIp: "203.0.113.7" });
    expect((await addressesOf(token.id))[0]).toEqual({ ip: "203.0.113.7", client: "curl 8.5.0", lastSeenAt: new Date(start + 61_000) });
  });

  it("keeps the 10 most recent addresses of a token", async () => {
    const { secret, token } = await freshToken("many-addresses");
    const start = Date.now();
    const clock = vi.spyOn(Date, "now");
    // A minute apart: this file allows 5 requests per token per minute.
    for (let i = 1; i <= 12; i++) {
      clock.mockReturnValue(start + i * 61_000);
      await call("GET", "/api", { token: secret, ip: `198.51.100.${i}` });
    }
    await flushTokenUses();
    const kept = await addressesOf(token.id);
    expect(kept.map((address) => address.ip)).toEqual(Array.from({ length: 10 }, (_, i) => `198.51.100.${12 - i}`));
    expect(await storedUse(token.id)).toMatchObject({ lastUsedIp: "198.51.100.12", lastUsedAt: new Date(start + 12 * 61_000) });
  });

  it("skips a token deleted between its use and the write", async () => {
    const { secret, token } = await freshToken("deleted-before-flush");
    expect((await call("GET", "/api", { token: secret, ip: "192.0.2.1" })).status).toBe(200);
    await db.apiToken.delete({ where: { id: token.id } });
    await flushTokenUses();
    expect(await db.tokenAddress.count({ where: { tokenId: token.id } })).toBe(0);
    // The batch went through: a later use of another token is written at its flush.
    const other = await freshToken("after-the-delete");
    await call("GET", "/api", { token: other.secret, ip: "192.0.2.2" });
    await flushTokenUses();
    expect(await storedUse(other.token.id)).toMatchObject({ lastUsedIp: "192.0.2.2" });
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
