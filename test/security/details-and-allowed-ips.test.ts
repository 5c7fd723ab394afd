import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { adminTokenDetailsAction } from "@/app/(dashboard)/admin/tokens/actions";
import { createTokenAction, editTokenAction, tokenDetailsAction } from "@/app/(dashboard)/api-tokens/actions";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { logoutAction } from "@/lib/auth/session-actions";
import { actAs, makeToken, makeUser } from "@/test/fixtures";
import { cookieJar, fromClient, settle } from "@/test/next-request";

// Issue 14's actions, tried as an attacker would: another user's token, fields of the wrong
// type or size, a scope smuggled into an edit, a member at the admin's door, a replayed cookie.

let admin: SessionUser;
let alice: SessionUser;
let bob: SessionUser;
beforeAll(async () => {
  admin = await makeUser(); // the first account is the admin
  alice = await makeUser();
  bob = await makeUser();
  fromClient("192.0.2.70");
});

describe("the details action", () => {
  it("shows the owner their token, and anyone else nothing: another user's id reads as a missing one", async () => {
    const bobs = await makeToken(bob, "bobs-details", "WRITE");
    await actAs(bob);
    const mine = await tokenDetailsAction({ id: bobs.token.id });
    expect(mine).toMatchObject({ ok: true, data: { id: bobs.token.id, name: "bobs-details", owner: { email: bob.email } } });
    expect(JSON.stringify(mine)).not.toContain(bobs.secret);
    expect(JSON.stringify(mine)).not.toMatch(/tokenHash|passwordHash/);

    await actAs(alice);
    const notFound = { ok: false, message: MESSAGES.tokenNotFound };
    for (const input of [
      { id: bobs.token.id },
      { id: bobs.token.id, userId: bob.id },
      { id: ["x"] },
      { id: "x".repeat(10_000) },
      null,
      "x",
    ]) {
      expect(await tokenDetailsAction(input)).toEqual(notFound);
    }
    // The admin's action is the admin's: a member gets no one's details through it, not even their own.
    expect(await adminTokenDetailsAction({ id: bobs.token.id })).toEqual({ ok: false, message: MESSAGES.adminOnly });
    await actAs(admin);
    expect(await adminTokenDetailsAction({ id: bobs.token.id })).toMatchObject({ ok: true, data: { owner: { email: bob.email } } });
  });
});

describe("the edit action", () => {
  it("refuses another user's token, a smuggled scope or owner, and input of the wrong type or size; nothing changes", async () => {
    const bobs = await makeToken(bob, "bobs-edit", "READ_ONLY");
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: bobs.token.id } });
    await actAs(alice);
    expect(await editTokenAction({ id: bobs.token.id, name: "mine-now" })).toEqual({ ok: false, message: MESSAGES.tokenNotFound });
    for (const input of [
      { id: bobs.token.id, name: 42 },
      { id: bobs.token.id, name: "x", description: ["a"] },
      { id: bobs.token.id, name: "x", allowedIps: ["10.0.0.1"] },
      { id: bobs.token.id, name: "x", allowedIps: "10.0.0.1".repeat(600) },
      { id: bobs.token.id, name: "x", description: "d".repeat(201) },
      { id: bobs.token.id, name: "x", allowedIps: "0.0.0.0/0/0" },
      { id: { $ne: "" }, name: "x" },
      null,
      "edit",
    ]) {
      expect(await editTokenAction(input)).toMatchObject({ ok: false });
    }
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: bobs.token.id } })).toEqual(before);

    // The owner's own edit cannot change the scope or the owner, whatever else the input holds.
    await actAs(bob);
    const edited = await editTokenAction({ id: bobs.token.id, name: "bobs-edit", description: "mine", scope: "WRITE", userId: alice.id });
    expect(edited).toMatchObject({ ok: true, data: { changed: true, token: { scope: "READ_ONLY", description: "mine" } } });
    const after = await db.apiToken.findUniqueOrThrow({ where: { id: bobs.token.id } });
    expect([after.scope, after.userId, after.tokenHash]).toEqual([before.scope, before.userId, before.tokenHash]);
    expect(await db.auditEvent.count({ where: { action: "token.updated", targetTokenId: bobs.token.id } })).toBe(1);
  });

  it("is refused with a session cookie replayed after Log out", async () => {
    const mine = await makeToken(alice, "alices-edit", "WRITE");
    await actAs(alice);
    const copied = cookieJar.snapshot();
    await settle(() => logoutAction());
    cookieJar.restore(copied);
    expect(await editTokenAction({ id: mine.token.id, name: "renamed" })).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    expect(await tokenDetailsAction({ id: mine.token.id })).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: mine.token.id } })).name).toBe("alices-edit");
  });

  it("the create action normalises allowed IPs and refuses a bad one, naming it", async () => {
    await actAs(alice);
    const refused = await createTokenAction({ name: "pinned-bad", scope: "WRITE", expiration: "30", allowedIps: "10.0.0.0/8\n10.0.0.300" });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { allowedIps: [expect.stringContaining("“10.0.0.300”")] } });
    expect(await db.apiToken.count({ where: { userId: alice.id, name: "pinned-bad" } })).toBe(0);
    const made = await createTokenAction({ name: "pinned-ok", scope: "WRITE", expiration: "30", allowedIps: "10.1.2.3/8, 2001:DB8::1" });
    expect(made).toMatchObject({ ok: true, data: { token: { allowedIps: ["10.0.0.0/8", "2001:db8::1"] } } });
  });
});
