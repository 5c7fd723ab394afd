import { describe, expect, it } from "vitest";
import { flushDenials } from "@/lib/api/denials";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// Issue 14 through the platform API: description and allowed IPs at creation, PATCH to edit
// them (never the scope), the new list fields, and a token refused outside its allowed IPs.

async function writer(label = "writer") {
  return makeToken(await makeUser(), `${label}-${Math.random().toString(36).slice(2, 8)}`, "WRITE");
}

const refusedFromHere = {
  status: "error",
  message: "This API token cannot be used from this address.",
  errors: [{ code: "forbidden_address", message: "This API token cannot be used from this address." }],
};

describe("description and allowed IPs", () => {
  it("are set at creation, normalised, and listed with last_used_ip", async () => {
    const { secret } = await writer();
    const made = await call("POST", "/api/generate", {
      token: secret,
      ip: "198.51.100.4",
      body: { name: "office-only", write: "off", description: " Nightly report ", allowed_ips: ["203.0.113.9/24", "::ffff:198.51.100.4"] },
    });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ description: "Nightly report", allowed_ips: ["203.0.113.0/24", "198.51.100.4"], last_used_ip: null });

    const key = made.json!.apikey as string;
    expect((await call("GET", "/account/info", { token: key, ip: "198.51.100.4" })).status).toBe(200);
    const { flushTokenUses } = await import("@/lib/dal/last-used");
    await flushTokenUses();
    const listed = (await call("GET", "/api", { token: secret, ip: "192.0.2.10" })).json!.api as Array<Record<string, unknown>>;
    expect(listed.find((item) => item.name === "office-only")).toMatchObject({
      description: "Nightly report",
      allowed_ips: ["203.0.113.0/24", "198.51.100.4"],
      last_used_ip: "198.51.100.4",
      last_used_at: expect.any(String),
    });
  });

  it.each([
    [{ allowed_ips: "203.0.113.0/24" }, "allowed_ips must be a list of addresses and CIDR ranges, or null."],
    [{ allowed_ips: ["203.0.113.0/24", "office"] }, "“office” is not an IP address or a CIDR range"],
    [{ allowed_ips: [42] }, "allowed_ips"],
    [{ allowed_ips: ["10.0.0.0/40"] }, "“10.0.0.0/40”: the prefix length of an IPv4 range is 0 to 32."],
    [{ allowed_ips: Array.from({ length: 51 }, (_, i) => `10.0.${i}.0/24`) }, "List at most 50 addresses or ranges."],
    [{ description: "x".repeat(201) }, "description: Use at most 200 characters."],
    [{ description: 7 }, "description must be a string."],
    [{ description: "line\nbreak" }, "no control characters or line breaks"],
  ])("creation refuses %j with 422 naming the problem, and creates nothing", async (fields, message) => {
    const { secret, token } = await writer();
    const before = await db.apiToken.count({
      where: { userId: (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).userId },
    });
    const refused = await call("POST", "/api/generate", { token: secret, body: { name: "bad-input", ...fields } });
    expect(refused.status).toBe(422);
    expect(refused.json!.message).toContain(message);
    expect(refused.json!.errors).toEqual([{ code: "invalid_input", message: refused.json!.message }]);
    expect(await db.apiToken.count({ where: { name: "bad-input", userId: token.id } })).toBe(0);
    expect(await db.apiToken.count({ where: { userId: (await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).userId } })).toBe(
      before,
    );
  });
});

describe("an IP-restricted token", () => {
  it("is refused from elsewhere with 403 forbidden_address, audited with the address; accepted once the range is widened", async () => {
    const { secret } = await writer();
    const made = await call("POST", "/api/generate", {
      token: secret,
      body: { name: "pinned", write: "on", allowed_ips: ["203.0.113.0/24"] },
    });
    const key = made.json!.apikey as string;
    const id = made.json!.id as string;

    expect((await call("GET", "/account/info", { token: key, ip: "203.0.113.200" })).status).toBe(200);
    // The IPv4 client of an IPv6 socket is the same client.
    expect((await call("GET", "/account/info", { token: key, ip: "::ffff:203.0.113.201" })).status).toBe(200);

    const refused = await call("GET", "/api", { token: key, ip: "198.51.100.7" });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual(refusedFromHere);
    // Refused before the scope or the route: a Write route from elsewhere is refused the same way, and changes nothing.
    const widen = await call("PATCH", `/api/${id}`, { token: key, ip: "198.51.100.7", body: { allowed_ips: [] } });
    expect(widen.json).toEqual(refusedFromHere);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).allowedIps).toBe("203.0.113.0/24");

    // The second refusal within the minute is counted, and written when the minute is over (here: now).
    await flushDenials({ all: true });
    const denied = await db.auditEvent.findMany({ where: { action: "api.denied", targetTokenId: id }, orderBy: { createdAt: "asc" } });
    expect(denied.map((event) => [event.ip, event.detail])).toEqual([
      ["198.51.100.7", "GET /v2/api: address not in the token's allowed IPs"],
      ["198.51.100.7", `PATCH /v2/api/${id}: address not in the token's allowed IPs`],
    ]);

    // A forged X-Forwarded-For is not the client's address: only our server's header is.
    const forged = await call("GET", "/api", { token: key, ip: "198.51.100.7", headers: { "x-forwarded-for": "203.0.113.5" } });
    expect(forged.status).toBe(403);

    // Its owner widens the list (with another token), and the same address is accepted.
    const widened = await call("PATCH", `/api/${id}`, { token: secret, body: { allowed_ips: ["203.0.113.0/24", "198.51.100.0/24"] } });
    expect(widened.status).toBe(200);
    expect(widened.json!.allowed_ips).toEqual(["203.0.113.0/24", "198.51.100.0/24"]);
    expect((await call("GET", "/api", { token: key, ip: "198.51.100.7" })).status).toBe(200);
    expect((await call("GET", "/api", { token: key, ip: "2001:db8::1" })).status).toBe(403);
  });
});

describe("PATCH /v2/api/{id}", () => {
  it("changes name, description and allowed IPs, audits what changed, and leaves out fields alone", async () => {
    const { secret } = await writer();
    const made = await call("POST", "/api/generate", { token: secret, body: { name: "to-edit", description: "old words" } });
    const id = made.json!.id as string;

    const edited = await call("PATCH", `/api/${id}`, {
      token: secret,
      body: { name: "edited", description: "new words", allowed_ips: ["2001:DB8::/32"] },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({
      status: "success",
      message: "API key has been updated",
      id,
      name: "edited",
      description: "new words",
      allowed_ips: ["2001:db8::/32"],
      write: "0",
    });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "token.updated", targetTokenId: id } });
    expect(event.detail).toBe("name: “to-edit” → “edited”; description: “old words” → “new words”; allowed IPs: anywhere → 2001:db8::/32");
    expect(event.targetTokenName).toBe("edited");
    expect(event.actorTokenId).not.toBeNull();
    expect(JSON.stringify(event)).not.toContain(made.json!.apikey as string);

    // Only the description: the rest stays. Then the same again: nothing to change, nothing audited.
    const partial = await call("PATCH", `/api/${id}`, { token: secret, body: { description: "" } });
    expect(partial.json).toMatchObject({ name: "edited", description: "", allowed_ips: ["2001:db8::/32"] });
    const same = await call("PATCH", `/api/${id}`, { token: secret, body: { description: "" } });
    expect(same.json).toMatchObject({ status: "success", message: "Nothing to change" });
    expect(await db.auditEvent.count({ where: { action: "token.updated", targetTokenId: id } })).toBe(2);
    // null allowed_ips: anywhere again.
    expect((await call("PATCH", `/api/${id}`, { token: secret, body: { allowed_ips: null } })).json!.allowed_ips).toEqual([]);
  });

  it.each([
    [{}, 422, "Send at least one of name, description, allowed_ips, rate_limit_per_minute, quota and quota_remaining."],
    [{ write: "on" }, 422, "write: The scope of a key cannot change: create a new key with the access it needs."],
    [{ scope: "write", name: "x" }, 422, "scope: The scope of a key cannot change"],
    [{ name: "" }, 422, "name: Enter a name for the token."],
    [{ name: null }, 422, "name must be a string."],
    [{ name: "n".repeat(65) }, 422, "name: Use at most 64 characters."],
    [{ allowed_ips: ["not-an-ip"] }, 422, "“not-an-ip” is not an IP address"],
  ])("refuses %j and changes nothing", async (body, status, message) => {
    const { secret } = await writer();
    const made = await call("POST", "/api/generate", { token: secret, body: { name: "stays", description: "as is" } });
    const id = made.json!.id as string;
    const refused = await call("PATCH", `/api/${id}`, { token: secret, body });
    expect(refused.status).toBe(status);
    expect(refused.json!.message).toContain(message);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect([row.name, row.description, row.allowedIps, row.scope]).toEqual(["stays", "as is", "", "READ_ONLY"]);
    expect(await db.auditEvent.count({ where: { action: "token.updated", targetTokenId: id } })).toBe(0);
  });

  it("refuses a duplicate name, another user's key (404 as for a missing one), a Read-Only token, and bodies of the wrong kind", async () => {
    const alice = await writer("alice");
    const bob = await writer("bob");
    const first = (await call("POST", "/api/generate", { token: alice.secret, body: { name: "first" } })).json!.id as string;
    await call("POST", "/api/generate", { token: alice.secret, body: { name: "Second" } });

    const duplicate = await call("PATCH", `/api/${first}`, { token: alice.secret, body: { name: "SECOND" } });
    expect(duplicate.status).toBe(422);
    expect(duplicate.json!.errors).toEqual([
      { code: "duplicate_name", message: "You already have a token named “SECOND”. Choose another name." },
    ]);

    const foreign = await call("PATCH", `/api/${first}`, { token: bob.secret, body: { name: "mine-now" } });
    const missing = await call("PATCH", "/api/no-such-key", { token: bob.secret, body: { name: "mine-now" } });
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(missing.json);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: first } })).name).toBe("first");

    const readOnly = (await call("POST", "/api/generate", { token: alice.secret, body: { name: "reader", write: "off" } })).json!;
    const forbidden = await call("PATCH", `/api/${readOnly.id as string}`, { token: readOnly.apikey as string, body: { name: "writer" } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json!.errors).toEqual([{ code: "forbidden_scope", message: expect.any(String) }]);

    expect((await call("PATCH", `/api/${first}`, { token: alice.secret, rawBody: "[1]" })).status).toBe(400);
    expect(
      (await call("PATCH", `/api/${first}`, { token: alice.secret, rawBody: "{", headers: { "content-type": "text/plain" } })).status,
    ).toBe(415);
    expect(
      (await call("PATCH", `/api/${first}`, { token: alice.secret, rawBody: JSON.stringify({ name: "x".repeat(70_000) }) })).status,
    ).toBe(413);
    expect((await call("PATCH", `/api/${first}`, { token: "tkc_not-a-token", body: { name: "x" } })).status).toBe(401);
  });
});
