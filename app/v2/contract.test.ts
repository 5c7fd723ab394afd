import { beforeAll, describe, expect, it } from "vitest";
import { listAllTokens } from "@/lib/dal/token-listing";
import type { SessionUser } from "@/lib/dal/users";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// Replays the requests of the real platform's official Go SDK (its ApiKey and Account services)
// and decodes the answers the way its structs do: Go's encoding/json fails on a number where a
// string field is declared, so every field it reads must be there with the right JSON type.

const SDK_HEADERS = { "content-type": "application/json", "accept-encoding": "application/json" };

/** Fails like json.Unmarshal would for a field declared `string` that holds another type. */
function decodeStrings(value: Record<string, unknown>, fields: string[]) {
  for (const field of fields) {
    if (field in value) expect(typeof value[field], `${field} must be a JSON string`).toBe("string");
  }
}

let owner: SessionUser;
let secret: string;
beforeAll(async () => {
  owner = await makeUser({ name: "Grace Hopper", email: "grace-sdk@example.test" });
  secret = (await makeToken(owner, "sdk", "WRITE")).secret;
});

describe("the Go SDK's requests", () => {
  it("Account().Read(): GET account/info -> {status, user:{id, fullname, email, ...}}", async () => {
    const response = await call("GET", "/account/info", { token: secret, headers: SDK_HEADERS });
    expect(response.status).toBe(200);
    const body = response.json!;
    expect(body.status).toBe("success");
    const user = body.user as Record<string, unknown>;
    decodeStrings(user, ["id", "type", "fullname", "email", "c_added"]);
    expect(user).toMatchObject({ id: owner.id, fullname: "Grace Hopper", email: "grace-sdk@example.test" });
    expect(user.c_added).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it("ApiKey().List(): GET api -> {status, api:[{id, name, write, created_at}]} with string fields", async () => {
    const response = await call("GET", "/api", { token: secret, headers: SDK_HEADERS });
    expect(response.status).toBe(200);
    const body = response.json!;
    expect(body.status).toBe("success");
    const keys = body.api as Record<string, unknown>[];
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      decodeStrings(key, ["id", "name", "write", "created_at"]);
      expect(key.write).toMatch(/^[01]$/);
      expect(key.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      expect(JSON.stringify(key)).not.toContain(secret);
    }
    const sdk = keys.find((k) => k.name === "sdk")!;
    expect(sdk).toMatchObject({ write: "1", scope: "write", display_prefix: secret.slice(0, 12) });
    expect(sdk.last_used_at === null || /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(String(sdk.last_used_at))).toBe(true);
  });

  it('ApiKey().Create({Name, Write:"on"}): POST api/generate -> {status, apikey, message}', async () => {
    const response = await call("POST", "/api/generate", { token: secret, body: { name: "from-sdk", write: "on" }, headers: SDK_HEADERS });
    expect(response.status).toBe(200);
    const body = response.json!;
    decodeStrings(body, ["status", "apikey", "message"]);
    expect(body).toMatchObject({ status: "success", message: "New API has been created", name: "from-sdk", write: "1" });
    expect(body.apikey).toMatch(/^tkc_[0-9A-Za-z]{49}$/);
    expect(response.headers.get("cache-control")).toBe("no-store");

    // The new key works, is the same as a console-made one, and counts towards the cap.
    const listed = await listAllTokens(owner);
    expect(listed.map((t) => t.name)).toContain("from-sdk");
    expect((await call("GET", "/api", { token: body.apikey as string })).status).toBe(200);
    // Its secret is never shown again.
    expect((await call("GET", "/api", { token: secret })).text).not.toContain(body.apikey as string);
  });

  it('ApiKey().Create with Write "" (Read-Only): the Go zero value', async () => {
    const response = await call("POST", "/api/generate", {
      token: secret,
      body: { name: "read-from-sdk", write: "" },
      headers: SDK_HEADERS,
    });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ write: "0", scope: "read_only" });
  });

  it("ApiKey().Delete(id): DELETE api/{id}/delete -> {status, message}", async () => {
    const victim = (await listAllTokens(owner)).find((t) => t.name === "read-from-sdk")!;
    const response = await call("DELETE", `/api/${victim.id}/delete`, { token: secret, headers: SDK_HEADERS });
    expect(response.status).toBe(200);
    decodeStrings(response.json!, ["status", "message"]);
    expect(response.json).toEqual({ status: "success", message: "API key has been deleted" });
  });

  it("gets a non-2xx status for every error, which the SDK turns into an error", async () => {
    const failures = [
      await call("GET", "/api", { headers: SDK_HEADERS }),
      await call("POST", "/api/generate", { token: secret, body: { name: "from-sdk", write: "on" }, headers: SDK_HEADERS }),
      await call("DELETE", "/api/unknown/delete", { token: secret, headers: SDK_HEADERS }),
    ];
    for (const failure of failures) {
      expect(failure.status).toBeGreaterThanOrEqual(400);
      expect(failure.json).toMatchObject({ status: "error", message: expect.any(String) });
      // The SDK decodes a non-2xx body into {errors:[{message, long_message, code}]} and prints
      // the messages: "401 []" before this field existed. Replayed here as it decodes.
      const decoded = JSON.parse(failure.text) as { errors?: Array<{ message?: unknown; long_message?: unknown; code?: unknown }> };
      expect(Array.isArray(decoded.errors) && decoded.errors.length > 0).toBe(true);
      for (const error of decoded.errors!) {
        expect(typeof error.message === "string" && error.message.length > 0).toBe(true);
        expect(typeof error.code).toBe("string");
      }
    }
  });
});
