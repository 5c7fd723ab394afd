import { beforeEach, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000000";
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import {
  deleteTokenAction,
  editTokenAction,
  narrowTokenAction,
  rollTokenAction,
  tokenDetailsAction,
} from "@/app/(dashboard)/api-tokens/actions";
import { MESSAGES as API_MESSAGES } from "@/lib/api/responses";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { expandGrant } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { actAs, makeToken, makeUser } from "@/test/fixtures";
import { fromClient } from "@/test/next-request";

// The attack on permissions per resource: a Custom key minting or taking over a preset (which
// outgrows it at the next resource the catalogue gains), an edit that says it took permissions
// away and did not, and a NUL in a key's id answered with a 500 on PostgreSQL.

let alice: SessionUser;
let n = 0;
const name = (label: string) => `${label}-${n++}`;

beforeEach(async () => {
  alice = await makeUser();
  fromClient("192.0.2.40");
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

describe("a NUL in a key's id", () => {
  it("is a key that does not exist, on every route and action, never a 500", async () => {
    const writer = await makeToken(alice, name("writer"), "WRITE");
    for (const id of ["%00", "a%00b"]) {
      for (const [method, path, body] of [
        ["POST", `/api/${id}/narrow`, { permissions: ["dns:read"] }],
        ["POST", `/api/${id}/roll`, undefined],
        ["PATCH", `/api/${id}`, { name: name("x") }],
        ["DELETE", `/api/${id}/delete`, undefined],
      ] as const) {
        const answer = await call(method, path, { token: writer.secret, body });
        expect(answer.status, `${method} ${path}`).toBe(404);
      }
    }
    await actAs(alice);
    const notFound = { ok: false, message: MESSAGES.tokenNotFound };
    expect(await deleteTokenAction({ id: "\u0000" })).toEqual(notFound);
    expect(await tokenDetailsAction({ id: "a\u0000" })).toEqual(notFound);
    expect(await rollTokenAction({ id: "\u0000", overlapSeconds: 0 })).toEqual(notFound);
    expect(await narrowTokenAction({ id: "\u0000", removing: [] })).toEqual(notFound);
    expect(await editTokenAction({ id: "\u0000", name: "x" })).toMatchObject({ ok: false });
    expect(await row(writer.token.id)).toMatchObject({ scope: "WRITE", name: writer.token.name });
  });
});
