import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// Issue 13: expiry and roll through the platform API, with a controllable clock (only Date is
// faked, so that the database and the timers run as they do).

afterEach(() => vi.useRealTimers());
const at = (ms: number) => vi.useFakeTimers({ toFake: ["Date"], now: ms });

async function writer() {
  return makeToken(await makeUser(), `writer-${Math.random().toString(36).slice(2, 8)}`, "WRITE");
}

describe("expiry", () => {
  it("a token works until the instant it expires, then gets 401 'This API token has expired.', audited once", async () => {
    const { secret } = await writer();
    const start = Date.now();
    const made = await call("POST", "/api/generate", {
      token: secret,
      body: { name: "short-lived", expires_at: new Date(start + 60_000).toISOString() },
    });
    expect(made.status).toBe(200);
    const key = made.json!.apikey as string;
    expect(made.json!.expires_at).toBe(new Date(start + 60_000).toISOString().slice(0, 19).replace("T", " "));

    at(start + 59_999);
    expect((await call("GET", "/account/info", { token: key })).status).toBe(200);
    at(start + 60_000);
    for (let i = 0; i < 3; i++) {
      const refused = await call("GET", "/api", { token: key });
      expect(refused.status).toBe(401);
      expect(refused.json).toEqual({
        status: "error",
        message: "This API token has expired.",
        errors: [{ code: "token_expired", message: "This API token has expired." }],
      });
    }
    const events = await db.auditEvent.findMany({ where: { action: "token.expired_used", targetTokenName: "short-lived" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toBe("GET /v2/api");

    // The listing says so, and an expired key cannot be rolled.
    const listed = (await call("GET", "/api", { token: secret })).json!.api as Array<{ name: string; status: string }>;
    expect(listed.find((item) => item.name === "short-lived")?.status).toBe("expired");
    const id = (await db.apiToken.findFirstOrThrow({ where: { name: "short-lived" } })).id;
    const roll = await call("POST", `/api/${id}/roll`, { token: secret, body: {} });
    expect(roll.status).toBe(422);
  });

  it("accepts expires_in_days or expires_at, and refuses the past, both at once, and nonsense, naming the field", async () => {
    const { secret } = await writer();
    const inDays = await call("POST", "/api/generate", { token: secret, body: { name: "in-days", expires_in_days: 30 } });
    expect(inDays.status).toBe(200);
    expect(Date.parse(`${inDays.json!.expires_at as string}Z`)).toBeGreaterThan(Date.now() + 29.9 * 86_400_000);
    const spaced = await call("POST", "/api/generate", { token: secret, body: { name: "spaced", expires_at: "2099-01-02 03:04:05" } });
    expect(spaced.json!.expires_at).toBe("2099-01-02 03:04:05");
    // Without either field an API-made key does not expire, as on the real platform.
    const forever = await call("POST", "/api/generate", { token: secret, body: { name: "forever" } });
    expect(forever.json!.expires_at).toBeNull();

    const refusals: Array<[Record<string, unknown>, RegExp]> = [
      [{ expires_at: "2001-01-01 00:00:00" }, /^expires_at: Choose a date in the future\.$/],
      // Past the year 9999 once its offset is applied: no date a database stores (it was a 500).
      [{ expires_at: "9999-12-31T23:59:59-01:00" }, /^expires_at: Choose a date within the next 100 years, or no expiration\.$/],
      [{ expires_at: "2200-01-01 00:00:00" }, /^expires_at: Choose a date within the next 100 years, or no expiration\.$/],
      [{ expires_at: "tomorrow" }, /^expires_at must be "YYYY-MM-DD HH:MM:SS" \(UTC\) or ISO 8601\.$/],
      [{ expires_at: 12 }, /^expires_at must be a string\.$/],
      [{ expires_in_days: 0 }, /^expires_in_days must be a whole number of days from 1 to 3650\.$/],
      [{ expires_in_days: 3651 }, /^expires_in_days must be a whole number/],
      [{ expires_in_days: 1.5 }, /^expires_in_days must be a whole number/],
      [{ expires_in_days: "soon" }, /^expires_in_days must be a whole number/],
      [{ expires_at: "2099-01-01 00:00:00", expires_in_days: 3 }, /^expires_in_days: Send expires_at or expires_in_days, not both\.$/],
    ];
    for (const [fields, message] of refusals) {
      const answer = await call("POST", "/api/generate", { token: secret, body: { name: `refused-${Math.random()}`, ...fields } });
      expect(answer.status, JSON.stringify(fields)).toBe(422);
      expect(answer.json!.message).toMatch(message);
    }
    expect(await db.apiToken.count({ where: { name: { startsWith: "refused-" } } })).toBe(0);
  });
});

describe("roll", () => {
  it("with a grace period, both secrets work until it ends, then only the new one; the key keeps its id, name and scope", async () => {
    const { secret, token } = await writer();
    const start = Date.now();
    const rolled = await call("POST", `/api/${token.id}/roll`, { token: secret, body: { grace_seconds: 3600 } });
    expect(rolled.status).toBe(200);
    expect(rolled.json).toMatchObject({ status: "success", message: "API key has been rolled" });
    const fresh = rolled.json!.apikey as string;
    expect(fresh).not.toBe(secret);
    expect(Date.parse(`${rolled.json!.previous_valid_until as string}Z`)).toBeGreaterThanOrEqual(
      Math.floor((start + 3_600_000) / 1000) * 1000,
    );

    expect((await call("GET", "/account/info", { token: secret })).status).toBe(200);
    expect((await call("GET", "/account/info", { token: fresh })).status).toBe(200);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row).toMatchObject({ name: token.name, scope: "WRITE", expiresAt: null });

    at(start + 3_600_000 + 1000);
    const old = await call("GET", "/account/info", { token: secret });
    expect(old.status).toBe(401);
    expect(old.json!.message).toMatch(/^Authentication failed/);
    expect((await call("GET", "/account/info", { token: fresh })).status).toBe(200);

    const events = await db.auditEvent.findMany({ where: { action: "token.rolled", targetTokenId: token.id } });
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatch(/^previous secret valid until .* \(in 1 hour\)$/);
  });

  it("rolling again during an overlap ends the older secret at once: at most two live", async () => {
    const { secret: first, token } = await writer();
    const second = (await call("POST", `/api/${token.id}/roll`, { token: first, body: { grace_seconds: 3600 } })).json!.apikey as string;
    const third = (await call("POST", `/api/${token.id}/roll`, { token: second, body: { grace_seconds: 3600 } })).json!.apikey as string;
    expect((await call("GET", "/account/info", { token: first })).status).toBe(401);
    expect((await call("GET", "/account/info", { token: second })).status).toBe(200);
    expect((await call("GET", "/account/info", { token: third })).status).toBe(200);
  });

  it("immediately, without a body: the old secret is refused at once; another user's key is a 404", async () => {
    const { secret, token } = await writer();
    const rolled = await call("POST", `/api/${token.id}/roll`, { token: secret });
    expect(rolled.status).toBe(200);
    expect((await call("GET", "/account/info", { token: secret })).status).toBe(401);
    const fresh = rolled.json!.apikey as string;
    const other = await writer();
    expect((await call("POST", `/api/${other.token.id}/roll`, { token: fresh, body: {} })).status).toBe(404);
    expect((await call("POST", `/api/${token.id}/roll`, { token: fresh, body: { grace_seconds: 604_801 } })).status).toBe(422);
    expect((await call("POST", `/api/${token.id}/roll`, { token: fresh, body: { grace_seconds: "soon" } })).status).toBe(422);
    // As curl sends a bodyless POST (the attack helper's finding): an empty body stream, no type,
    // no length. It was a 415; a body that is there but not declared JSON still is.
    const bare = await call("POST", `/api/${token.id}/roll`, { token: fresh, rawBody: new Uint8Array(0), headers: { "content-type": "" } });
    expect(bare.status).toBe(200);
    const typed = await call("POST", `/api/${token.id}/roll`, {
      token: bare.json!.apikey as string,
      rawBody: "grace_seconds=60",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(typed.status).toBe(415);
  });
});
