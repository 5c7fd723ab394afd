import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.TOKEN_MAX_LIFETIME_DAYS = "30";
  process.env.TOKEN_DEFAULT_LIFETIME_DAYS = "7";
});

import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// Issue 13: an installation with a maximum lifetime (TOKEN_MAX_LIFETIME_DAYS=30).

describe("a maximum lifetime", () => {
  it("applies to API-made keys that name no expiry, and refuses anything later", async () => {
    // The key that calls lives within the policy too: no key made now may last longer than 30 days.
    const { secret } = await makeToken(await makeUser(), "policy-writer", "WRITE", [], {
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
    });
    const start = Date.now();
    const plain = await call("POST", "/api/generate", { token: secret, body: { name: "plain" } });
    expect(plain.status).toBe(200);
    const expires = Date.parse(`${plain.json!.expires_at as string}Z`);
    expect(expires).toBeGreaterThanOrEqual(Math.floor((start + 30 * 86_400_000) / 1000) * 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * 86_400_000);

    const tooLong = await call("POST", "/api/generate", { token: secret, body: { name: "too-long", expires_in_days: 31 } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.json!.message).toBe("expires_in_days: Tokens may last at most 30 days here: choose an earlier date.");
    expect((await call("POST", "/api/generate", { token: secret, body: { name: "ok", expires_in_days: 30 } })).status).toBe(200);
  });
});
