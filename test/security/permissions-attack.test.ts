import { beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000000";
});
import { MESSAGES as API_MESSAGES } from "@/lib/api/responses";
import type { SessionUser } from "@/lib/dal/users";
import { expandGrant } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

// The attack on permissions per resource: a Custom key minting or taking over a preset, which
// outgrows it at the next resource the catalogue gains; an edit that said it took permissions
// away and did not.

let alice: SessionUser;
let n = 0;
const name = (label: string) => `${label}-${n++}`;

beforeEach(async () => {
  alice = await makeUser();
});

const row = (id: string) => db.apiToken.findUniqueOrThrow({ where: { id } });

describe("a Custom key and the presets", () => {
  it("holding every permission of today's catalogue, it still creates, rolls and edits no Read-Only or Write key", async () => {
    const everything = expandGrant({ scope: "WRITE", permissions: [] }, resourceCatalogue());
    const { secret } = await makeToken(alice, name("all-today"), "CUSTOM", everything);
    const refusal = {
      status: "error",
      message: API_MESSAGES.presetOutgrows,
      errors: [{ code: "forbidden_scope", message: API_MESSAGES.presetOutgrows }],
    };
    const before = await db.apiToken.count({ where: { userId: alice.id } });
    for (const ask of [{ write: "on" }, { write: "off" }, {}]) {
      const made = await call("POST", "/api/generate", { token: secret, body: { name: name("preset"), ...ask } });
      expect(made.status).toBe(403);
      expect(made.json).toEqual(refusal);
    }
    expect(await db.apiToken.count({ where: { userId: alice.id } })).toBe(before);

    for (const scope of ["WRITE", "READ_ONLY"] as const) {
      const target = await makeToken(alice, name(scope), scope);
      const stored = await row(target.token.id);
      const rolled = await call("POST", `/api/${target.token.id}/roll`, { token: secret });
      expect(rolled.status).toBe(403);
      expect(rolled.json).toEqual(refusal);
      const edited = await call("PATCH", `/api/${target.token.id}`, { token: secret, body: { allowed_ips: [], name: name("x") } });
      expect(edited.status).toBe(403);
      expect(await row(target.token.id)).toEqual(stored);
    }

    // A Custom key with the same list is fine, and so is everything a Write key does.
    const same = await call("POST", "/api/generate", { token: secret, body: { name: name("same"), permissions: everything } });
    expect(same.status).toBe(200);
    expect((await call("POST", `/api/${same.json!.id as string}/roll`, { token: secret })).status).toBe(200);
    const writer = await makeToken(alice, name("writer"), "WRITE");
    expect((await call("POST", "/api/generate", { token: writer.secret, body: { name: name("w"), write: "on" } })).status).toBe(200);
    expect((await call("POST", "/api/generate", { token: writer.secret, body: { name: name("r") } })).status).toBe(200);
  });
});

describe("PATCH /v2/api/{id}", () => {
  it("refuses permissions (422, nothing changed) instead of answering 200 and leaving them all", async () => {
    const writer = await makeToken(alice, name("writer"), "WRITE");
    const target = await makeToken(alice, name("target"), "CUSTOM", ["api_keys:write", "dns:write"]);
    const stored = await row(target.token.id);
    const edited = await call("PATCH", `/api/${target.token.id}`, {
      token: writer.secret,
      body: { name: name("renamed"), permissions: ["dns:read"] },
    });
    expect(edited.status).toBe(422);
    expect(edited.json!.errors).toEqual([{ code: "invalid_input", message: expect.stringContaining("/narrow") }]);
    expect(await row(target.token.id)).toEqual(stored);
  });
});
