import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { createTokenAction, rollTokenAction } from "@/app/(dashboard)/api-tokens/actions";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { logoutAction } from "@/lib/auth/session-actions";
import { call } from "@/test/api-client";
import { actAs, makeToken, makeUser } from "@/test/fixtures";
import { cookieJar, fromClient, settle } from "@/test/next-request";

// Roll and expiry, tried as an attacker would: another user's id, bodies of the wrong type
// and size, a cookie replayed after logout.

let alice: SessionUser;
let bob: SessionUser;
beforeAll(async () => {
  await makeUser(); // the admin
  alice = await makeUser();
  bob = await makeUser();
  fromClient("192.0.2.60");
});

describe("the Roll action", () => {
  it("refuses another user's token, and bad overlaps, as a missing token; nothing changes", async () => {
    const bobs = await makeToken(bob, "bobs-roll", "WRITE");
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: bobs.token.id } });
    await actAs(alice);
    for (const input of [
      { id: bobs.token.id, overlapSeconds: 0 },
      { id: bobs.token.id, overlapSeconds: 3600, userId: alice.id },
      { id: "x", overlapSeconds: -1 },
      { id: "x", overlapSeconds: 604_801 },
      { id: "x", overlapSeconds: "soon" },
      { id: ["x"], overlapSeconds: 0 },
      { id: "x".repeat(10_000), overlapSeconds: 0 },
      null,
      "roll",
    ]) {
      expect(await rollTokenAction(input)).toEqual({ ok: false, message: MESSAGES.tokenNotFound });
    }
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: bobs.token.id } })).toEqual(before);
  });

  it("is refused with a session cookie replayed after Log out", async () => {
    const mine = await makeToken(alice, "alices-roll", "WRITE");
    await actAs(alice);
    const copied = cookieJar.snapshot();
    await settle(() => logoutAction());
    cookieJar.restore(copied);
    expect(await rollTokenAction({ id: mine.token.id, overlapSeconds: 0 })).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    expect((await call("GET", "/account/info", { token: mine.secret })).status).toBe(200);
  });

  it("the create action refuses an expiry it cannot read, and never stores one", async () => {
    await actAs(alice);
    for (const input of [
      { name: "e1", scope: "WRITE", expiration: "forever" },
      { name: "e2", scope: "WRITE", expiration: "custom", expiresOn: "2099-13-40" },
      { name: "e3", scope: "WRITE", expiration: "custom", expiresOn: { $gt: "" } },
      { name: "e4", scope: "WRITE", expiration: "custom", expiresOn: "2001-01-01" },
    ]) {
      expect(await createTokenAction(input)).toMatchObject({ ok: false });
    }
    expect(await db.apiToken.count({ where: { userId: alice.id, name: { in: ["e1", "e2", "e3", "e4"] } } })).toBe(0);
  });
});

describe("POST /v2/api/{id}/roll", () => {
  it("answers bodies of the wrong type or size with 400, 413, 415 or 422, never 500, and rolls nothing", async () => {
    const { secret, token } = await makeToken(bob, "bobs-api-roll", "WRITE");
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: token.id } });
    const cases: Array<[Parameters<typeof call>[2], number]> = [
      [{ rawBody: "[1,2]" }, 400],
      [{ rawBody: "{" }, 400],
      [{ rawBody: '{"grace_seconds": 5}', headers: { "content-type": "text/plain" } }, 415],
      [{ rawBody: JSON.stringify({ grace_seconds: 1, pad: "x".repeat(70_000) }) }, 413],
      [{ body: { grace_seconds: -5 } }, 422],
      [{ body: { grace_seconds: [3600] } }, 422],
      [{ body: { grace_seconds: true } }, 422],
      [{ body: { grace_seconds: null } }, 422],
      [{ body: { grace_seconds: "" } }, 422],
    ];
    for (const [options, status] of cases) {
      expect(
        (await call("POST", `/api/${token.id}/roll`, { token: secret, ...options })).status,
        JSON.stringify(options).slice(0, 80),
      ).toBe(status);
    }
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).toEqual(before);
    // The same strictness where a key is made: plain coercion would read [30] and true as days.
    for (const days of [[30], true, "", "3e1"]) {
      expect(
        (await call("POST", "/api/generate", { token: secret, body: { name: `coerced-${String(days)}`, expires_in_days: days } })).status,
      ).toBe(422);
    }
    // A Read-Only token may not roll, not even itself.
    const reader = await makeToken(bob, "bobs-reader", "READ_ONLY");
    expect((await call("POST", `/api/${reader.token.id}/roll`, { token: reader.secret, body: {} })).status).toBe(403);
  });
});
