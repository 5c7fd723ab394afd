import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// A real SMTP server on a port of this file's own; the console sends its reset links there.
const port = vi.hoisted(() => {
  const chosen = 20_000 + Math.floor(Math.random() * 20_000);
  process.env.SMTP_URL = `smtp://127.0.0.1:${chosen}`;
  process.env.MAIL_FROM = "Token Console <tokens@console.test>";
  process.env.PUBLIC_URL = "https://tokens.console.test";
  return chosen;
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { checkResetLinkAction, resetPasswordAction } from "@/app/(auth)/reset-password/actions";
import { RESET_PASSWORD_WORDS } from "@/app/(auth)/words";
import { endAllSessions, startSession } from "@/lib/dal/sessions";
import { changePassword, verifyCredentials } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { RESET_THROTTLED_MESSAGE } from "@/lib/auth/sign-in";
import { db } from "@/lib/server/db";
import { everyStoredValue, makeUser, TEST_META, TEST_PASSWORD } from "@/test/fixtures";
import { cookieJar, formData, fromClient, settle } from "@/test/next-request";
import { startInbox, type Inbox } from "@/test/smtp-inbox";

// Issue 22: a forgotten password had no way back. "Forgot password?" emails a link that works
// once, for 30 minutes; the answer never says whether the email has an account; the link's
// token is stored only as a hash, travels in the link's fragment, and its use ends every session.

let inbox: Inbox;
beforeAll(async () => {
  inbox = await startInbox(port);
});
afterAll(() => inbox.close());

const ask = (email: string) => settle(() => forgotPasswordAction(null, formData({ email })));
const reset = (fields: Record<string, string>) => {
  cookieJar.clear();
  return settle(() => resetPasswordAction(null, formData(fields)));
};
const tokenIn = (text: string) => {
  const match = /^https:\/\/tokens\.console\.test\/reset-password#token=([A-Za-z0-9_-]{43})$/m.exec(text);
  if (!match) throw new Error(`no reset link in:\n${text}`);
  return match[1]!;
};

describe("Forgot password?", () => {
  it("emails a link to an account's address, and answers an unknown one the same, sending nothing", async () => {
    fromClient("192.0.2.120");
    const user = await makeUser({ name: "Forgetful Fay", email: "fay@example.test" });
    expect(await ask("Fay@Example.test")).toEqual({ returned: { ok: true, data: undefined } });
    const mail = await inbox.next("fay@example.test");
    expect(mail.subject).toBe("Reset your Token Console password");
    expect(mail.text).toContain("Hello Forgetful Fay,");
    expect(mail.text).toContain("within 30 minutes");
    expect(mail.text).toContain("from the address 192.0.2.120");
    const token = tokenIn(mail.text);

    expect(await ask("nobody-here@example.test")).toEqual({ returned: { ok: true, data: undefined } });
    expect(await inbox.countAfter("nobody-here@example.test", 500)).toBe(0);
    // Both are in the audit log, for the admin; neither holds the token.
    const events = await db.auditEvent.findMany({ where: { action: "user.password_reset_requested" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.actorUserId, e.actorEmail, e.detail])).toEqual([
      [user.id, "fay@example.test", null],
      [null, "nobody-here@example.test", "no account has this email"],
    ]);
    // The token is stored as its hash only.
    expect((await everyStoredValue()).some((value) => value.includes(token))).toBe(false);
  });

  it("writes the link with PUBLIC_URL, whatever Host or forwarded headers the request carried", async () => {
    fromClient("192.0.2.121", { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    await makeUser({ email: "host-header@example.test" });
    await ask("host-header@example.test");
    const mail = await inbox.next("host-header@example.test");
    expect(mail.text).not.toContain("evil.example");
    tokenIn(mail.text);
  });

  it("is throttled per email (whether it has an account or not) and per address, with nothing sent past it", async () => {
    fromClient("192.0.2.122");
    for (let i = 0; i < 3; i++) expect(await ask("flooded@example.test")).toMatchObject({ returned: { ok: true } });
    expect(await ask("flooded@example.test")).toMatchObject({ returned: { ok: false, message: RESET_THROTTLED_MESSAGE } });
    fromClient("192.0.2.123");
    expect(await ask("flooded@example.test")).toMatchObject({ returned: { ok: false, message: RESET_THROTTLED_MESSAGE } });
    // Ten an hour from one address, whatever the emails.
    fromClient("192.0.2.124");
    for (let i = 0; i < 10; i++) expect(await ask(`spray-${i}@example.test`)).toMatchObject({ returned: { ok: true } });
    expect(await ask("spray-10@example.test")).toMatchObject({ returned: { ok: false, message: RESET_THROTTLED_MESSAGE } });
  });

  it("refuses what is not a form or not an email, and changes nothing", async () => {
    fromClient("192.0.2.125");
    expect(await forgotPasswordAction(null, { email: "fay@example.test" } as unknown as FormData)).toEqual({
      ok: false,
      message: MESSAGES.unreadableForm,
    });
    expect(await ask("not an email")).toMatchObject({ returned: { ok: false, fieldErrors: { email: expect.any(Array) } } });
    expect(await inbox.countAfter("fay@example.test", 300)).toBe(0);
  });
});

describe("the reset link", () => {
  async function linkFor(email: string, ip: string) {
    fromClient(ip);
    await ask(email);
    return tokenIn((await inbox.next(email)).text);
  }

  it("sets the new password once, ends every session of the account, and starts one here; a replay is refused", async () => {
    const user = await makeUser({ email: "reset-me@example.test" });
    await startSession(user, TEST_META);
    await startSession(user, TEST_META);
    const token = await linkFor("reset-me@example.test", "192.0.2.130");
    expect(await checkResetLinkAction({ token })).toEqual({ ok: true, data: undefined });

    // Two new passwords that differ: nothing is spent.
    expect(await reset({ token, newPassword: "my-new-passphrase", confirmPassword: "another-one" })).toMatchObject({
      returned: { ok: false, fieldErrors: { confirmPassword: ["The two new passwords differ."] } },
    });
    expect(await reset({ token, newPassword: "my-new-passphrase", confirmPassword: "my-new-passphrase" })).toEqual({
      redirectedTo: "/account?reset=done",
    });
    expect(await db.session.findMany({ where: { userId: user.id }, select: { id: true } })).toHaveLength(1);
    expect(cookieJar.all().map((cookie) => cookie.name)).toContain("__Host-token-console.session");
    expect(await verifyCredentials("reset-me@example.test", TEST_PASSWORD, TEST_META)).toBeNull();
    const after = await verifyCredentials("reset-me@example.test", "my-new-passphrase", TEST_META);
    expect(after).toMatchObject({ id: user.id, mustChangePassword: false, sessionVersion: user.sessionVersion + 1 });

    // The same link again, checked or used: refused, and the password stays.
    expect(await checkResetLinkAction({ token })).toEqual({ ok: false, message: RESET_PASSWORD_WORDS.used });
    expect(await reset({ token, newPassword: "attackers-passphrase", confirmPassword: "attackers-passphrase" })).toMatchObject({
      returned: { ok: false, message: RESET_PASSWORD_WORDS.used },
    });
    expect(await verifyCredentials("reset-me@example.test", "attackers-passphrase", TEST_META)).toBeNull();
    const events = await db.auditEvent.findMany({
      where: { actorUserId: user.id, action: { in: ["user.password_reset", "user.password_reset_failed"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.action, e.detail])).toEqual([
      ["user.password_reset", "through the link sent by email; every session ended"],
      ["user.password_reset_failed", "the link was used already, or a newer one was sent"],
    ]);
  });

  it("ends when the owner changes the password or logs out everywhere (the attack helper's finding)", async () => {
    const user = await makeUser({ email: "changed-my-mind@example.test" });
    const session = await startSession(user, TEST_META);
    let token = await linkFor("changed-my-mind@example.test", "192.0.2.133");
    expect(await changePassword(user, { current: TEST_PASSWORD, next: "owner-chose-this" }, session.sessionId, TEST_META)).toEqual({
      ok: true,
    });
    expect(await checkResetLinkAction({ token })).toEqual({ ok: false, message: RESET_PASSWORD_WORDS.used });
    expect(await reset({ token, newPassword: "attackers-passphrase", confirmPassword: "attackers-passphrase" })).toMatchObject({
      returned: { ok: false, message: RESET_PASSWORD_WORDS.used },
    });
    expect(await verifyCredentials("changed-my-mind@example.test", "owner-chose-this", TEST_META)).toMatchObject({ id: user.id });

    token = await linkFor("changed-my-mind@example.test", "192.0.2.134");
    await endAllSessions(user, TEST_META);
    expect(await checkResetLinkAction({ token })).toEqual({ ok: false, message: RESET_PASSWORD_WORDS.used });
  });

  it("used at once twice changes the password once", async () => {
    await makeUser({ email: "twice@example.test" });
    const token = await linkFor("twice@example.test", "192.0.2.131");
    const [a, b] = await Promise.all([
      settle(() => resetPasswordAction(null, formData({ token, newPassword: "first-passphrase", confirmPassword: "first-passphrase" }))),
      settle(() => resetPasswordAction(null, formData({ token, newPassword: "second-passphrase", confirmPassword: "second-passphrase" }))),
    ]);
    expect([a, b].filter((result) => "redirectedTo" in result)).toHaveLength(1);
    const worked = await Promise.all(
      ["first-passphrase", "second-passphrase"].map((password) => verifyCredentials("twice@example.test", password, TEST_META)),
    );
    expect(worked.filter(Boolean)).toHaveLength(1);
  });

  it("a newer link ends the older one; an expired link is refused; a forged or malformed one is not valid", async () => {
    await makeUser({ email: "newer@example.test" });
    const older = await linkFor("newer@example.test", "192.0.2.132");
    const newer = await linkFor("newer@example.test", "192.0.2.132");
    expect(await checkResetLinkAction({ token: older })).toEqual({ ok: false, message: RESET_PASSWORD_WORDS.used });
    expect(await checkResetLinkAction({ token: newer })).toEqual({ ok: true, data: undefined });

    await db.passwordReset.updateMany({
      where: { usedAt: null, user: { email: "newer@example.test" } },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await checkResetLinkAction({ token: newer })).toEqual({ ok: false, message: RESET_PASSWORD_WORDS.expired });
    expect(await reset({ token: newer, newPassword: "too-late-passphrase", confirmPassword: "too-late-passphrase" })).toMatchObject({
      returned: { ok: false, message: RESET_PASSWORD_WORDS.expired },
    });

    const forged = newer.slice(0, -1) + (newer.endsWith("A") ? "B" : "A");
    for (const token of [forged, "", "short", `${newer}x`, "../../etc/passwd"]) {
      expect(await checkResetLinkAction({ token })).toEqual({ ok: false, message: RESET_PASSWORD_WORDS.unknown });
      expect(await reset({ token, newPassword: "forged-passphrase", confirmPassword: "forged-passphrase" })).toMatchObject({
        returned: { ok: false, message: RESET_PASSWORD_WORDS.unknown },
      });
    }
    // A body of the wrong type is a broken link too, never a 500.
    for (const body of [{ token: 42 }, { token: ["a"] }, null, "token"]) {
      expect(await checkResetLinkAction(body)).toEqual({ ok: false, message: RESET_PASSWORD_WORDS.unknown });
    }
  });

  it("opens only its own account: fields naming another account are ignored", async () => {
    const victim = await makeUser({ email: "victim@example.test" });
    await makeUser({ email: "holder@example.test" });
    const token = await linkFor("holder@example.test", "192.0.2.133");
    expect(
      await reset({
        token,
        email: "victim@example.test",
        userId: victim.id,
        newPassword: "taken-over-pass",
        confirmPassword: "taken-over-pass",
      }),
    ).toEqual({ redirectedTo: "/account?reset=done" });
    expect(await verifyCredentials("victim@example.test", TEST_PASSWORD, TEST_META)).toMatchObject({ id: victim.id });
    expect(await verifyCredentials("victim@example.test", "taken-over-pass", TEST_META)).toBeNull();
    expect(await verifyCredentials("holder@example.test", "taken-over-pass", TEST_META)).not.toBeNull();
  });
});
