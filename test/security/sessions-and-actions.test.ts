import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.SIGNUPS_PER_IP_PER_HOUR = "3";
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { changePasswordAction, logoutEverywhereAction } from "@/app/(dashboard)/account/actions";
import { revokeTokenAction } from "@/app/(dashboard)/admin/tokens/actions";
import { createTokenAction, deleteTokenAction } from "@/app/(dashboard)/api-tokens/actions";
import { signupAction } from "@/app/(auth)/signup/actions";
import { listAllTokens } from "@/lib/dal/token-listing";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { SIGNUP_THROTTLED_MESSAGE } from "@/lib/auth/sign-in";
import { db } from "@/lib/server/db";
import { logoutAction } from "@/lib/auth/session-actions";
import { getCurrentUser } from "@/lib/auth/session";
import { actAs, makeToken, makeUser, TEST_PASSWORD } from "@/test/fixtures";
import { cookieJar, formData, fromClient, settle } from "@/test/next-request";

let alice: SessionUser;
let bob: SessionUser;
beforeAll(async () => {
  await makeUser(); // the admin
  alice = await makeUser();
  bob = await makeUser();
  fromClient("192.0.2.20");
});

describe("actions are public endpoints", () => {
  it("an action without a session changes nothing (IDOR and no-session cases)", async () => {
    const bobs = await makeToken(bob, "bobs", "WRITE");
    await actAs(null);
    expect(await deleteTokenAction({ id: bobs.token.id })).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    expect(await createTokenAction({ name: "ghost", scope: "WRITE" })).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    // Alice posts Bob's token id to the delete action directly: the same answer as a missing id.
    await actAs(alice);
    expect(await deleteTokenAction({ id: bobs.token.id })).toEqual({ ok: false, message: MESSAGES.tokenNotFound });
    expect(await deleteTokenAction({ id: "no-such-id" })).toEqual({ ok: false, message: MESSAGES.tokenNotFound });
    expect((await listAllTokens(bob)).map((t) => t.id)).toContain(bobs.token.id);
    // A member reaching the admin's revoke action.
    expect(await revokeTokenAction({ id: bobs.token.id })).toEqual({ ok: false, message: MESSAGES.adminOnly });
    expect((await listAllTokens(bob)).map((t) => t.id)).toContain(bobs.token.id);
  });

  it("mass assignment: the owner comes from the session, whatever the body says", async () => {
    await actAs(alice);
    const result = await createTokenAction({
      name: "mine-only",
      scope: "READ_ONLY",
      userId: bob.id,
      user: { connect: { id: bob.id } },
      tokenHash: "x",
    });
    expect(result.ok).toBe(true);
    expect((await listAllTokens(alice)).map((t) => t.name)).toContain("mine-only");
    expect((await listAllTokens(bob)).map((t) => t.name)).not.toContain("mine-only");
  });
});

describe("sessions end (finding 2)", () => {
  it("a cookie copied before Log out opens nothing after it", async () => {
    await actAs(alice);
    const copied = cookieJar.snapshot();
    expect(await getCurrentUser()).toMatchObject({ id: alice.id });
    expect(await settle(() => logoutAction())).toEqual({ redirectedTo: "/login" });
    expect(cookieJar.all()).toEqual([]);
    cookieJar.restore(copied);
    expect(await getCurrentUser()).toBeNull();
    expect(await createTokenAction({ name: "after-logout", scope: "WRITE" })).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    expect((await listAllTokens(alice)).map((t) => t.name)).not.toContain("after-logout");
  });

  it("a password change ends every other session; Log out everywhere ends them all", async () => {
    await actAs(alice);
    const otherDevice = cookieJar.snapshot();
    await actAs(alice);
    const thisDevice = cookieJar.snapshot();
    const changed = await changePasswordAction(
      null,
      formData({ currentPassword: TEST_PASSWORD, newPassword: "a-brand-new-passphrase", confirmPassword: "a-brand-new-passphrase" }),
    );
    expect(changed).toEqual({ ok: true, data: undefined });
    expect(await getCurrentUser()).toMatchObject({ id: alice.id });
    cookieJar.restore(otherDevice);
    expect(await getCurrentUser()).toBeNull();

    cookieJar.restore(thisDevice);
    expect(await settle(() => logoutEverywhereAction())).toEqual({ redirectedTo: "/login" });
    cookieJar.restore(thisDevice);
    expect(await getCurrentUser()).toBeNull();
    const actions = (await db.auditEvent.findMany({ where: { actorUserId: alice.id }, select: { action: true } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["user.logged_out", "user.password_changed", "user.logged_out_everywhere"]));
  });

  it("a wrong current password changes nothing", async () => {
    await actAs(bob);
    const refused = await changePasswordAction(
      null,
      formData({ currentPassword: "not-the-password", newPassword: "another-passphrase", confirmPassword: "another-passphrase" }),
    );
    expect(refused).toMatchObject({ ok: false, fieldErrors: { currentPassword: ["That is not your current password."] } });
    expect(await getCurrentUser()).toMatchObject({ id: bob.id });
  });
});

describe("sign-up (finding 6)", () => {
  const signup = (email: string) => settle(() => signupAction(null, formData({ name: "Someone", email, password: "a-long-passphrase" })));

  it("is throttled per address, and a taken email answers no sooner or differently than the throttle allows", async () => {
    fromClient("192.0.2.30");
    expect(await signup("fresh-1@example.test")).toEqual({ redirectedTo: "/api-tokens" });
    const taken = await signup(alice.email);
    expect(taken).toMatchObject({ returned: { ok: false, fieldErrors: { email: ["We could not create an account with this email."] } } });
    expect(await signup("fresh-2@example.test")).toEqual({ redirectedTo: "/api-tokens" });
    // The fourth attempt from this address this hour, new email or taken: one answer.
    expect(await signup("fresh-3@example.test")).toMatchObject({ returned: { ok: false, message: SIGNUP_THROTTLED_MESSAGE } });
    expect(await signup(bob.email)).toMatchObject({ returned: { ok: false, message: SIGNUP_THROTTLED_MESSAGE } });
    expect(await db.user.count({ where: { email: "fresh-3@example.test" } })).toBe(0);
  });

  it("is throttled per email, from any address", async () => {
    for (let i = 0; i < 5; i++) {
      fromClient(`198.51.100.${i + 1}`);
      expect(await signup(bob.email)).toMatchObject({ returned: { ok: false } });
    }
    fromClient("198.51.100.99");
    expect(await signup(bob.email)).toMatchObject({ returned: { ok: false, message: SIGNUP_THROTTLED_MESSAGE } });
  });
});
