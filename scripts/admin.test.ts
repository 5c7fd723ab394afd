import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startSession } from "@/lib/dal/sessions";
import { createUser, verifyCredentials } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { makeToken, makeUser, TEST_META, TEST_PASSWORD, TS_CLI } from "@/test/fixtures";

/** `npm run admin -- ...`, exactly as package.json runs it. */
function admin(...args: string[]) {
  const result = spawnSync(process.execPath, [...TS_CLI, "scripts/admin.ts", ...args], { env: process.env, encoding: "utf8" });
  return { status: result.status, out: `${result.stdout}${result.stderr}`.trim() };
}
const roleOf = async (email: string) => (await db.user.findUniqueOrThrow({ where: { email }, select: { role: true } })).role;

describe("npm run admin", () => {
  it("grants and revokes the admin role, records it, and never removes the last admin", async () => {
    await makeUser({ name: "First", email: "cli-first@example.test" });
    await makeUser({ name: "Second", email: "cli-second@example.test" });
    expect(await roleOf("cli-first@example.test")).toBe("ADMIN");

    expect(admin("revoke", "cli-first@example.test")).toEqual({
      status: 1,
      out: "Refused: cli-first@example.test is the last admin. Grant the role to someone else first.",
    });
    expect(await roleOf("cli-first@example.test")).toBe("ADMIN");

    expect(admin("grant", "CLI-Second@example.test")).toEqual({ status: 0, out: "cli-second@example.test is now an admin." });
    expect(await roleOf("cli-second@example.test")).toBe("ADMIN");
    expect(admin("grant", "cli-second@example.test").out).toBe("cli-second@example.test is already an admin; nothing changed.");

    expect(admin("revoke", "cli-first@example.test")).toEqual({ status: 0, out: "cli-first@example.test is no longer an admin." });
    expect(await roleOf("cli-first@example.test")).toBe("MEMBER");
    expect(admin("revoke", "cli-second@example.test").status).toBe(1);

    const events = await db.auditEvent.findMany({
      where: { action: { in: ["user.role_granted", "user.role_revoked"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => [e.action, e.targetOwnerEmail])).toEqual([
      ["user.role_granted", "cli-second@example.test"],
      ["user.role_revoked", "cli-first@example.test"],
    ]);
  });

  it("refuses an unknown email and bad usage", () => {
    expect(admin("grant", "nobody@example.test")).toEqual({ status: 1, out: "Refused: No account has the email nobody@example.test." });
    expect(admin("promote", "x@example.test").status).toBe(2);
    expect(admin().out).toContain("Usage: npm run admin -- grant <email>");
  });

  it("reset-password: a temporary password for 7 days from now, every session ended, the old password refused, audited", async () => {
    // An account made long ago: the new temporary password counts from the reset, not from the account's creation.
    const made = await createUser(
      { name: "Forgetful", email: "cli-forgetful@example.test", password: TEST_PASSWORD },
      { ...TEST_META, at: new Date(Date.now() - 30 * 86_400_000) },
    );
    if (!made.ok) throw new Error(made.reason);
    await startSession(made.user, TEST_META);
    await startSession(made.user, TEST_META);
    const link = await db.passwordReset.create({
      data: { userId: made.user.id, tokenHash: "a".repeat(64), expiresAt: new Date(Date.now() + 600_000) },
    });

    const result = admin("reset-password", "CLI-Forgetful@example.test");
    expect(result.status).toBe(0);
    const lines = result.out.split("\n");
    expect(lines[0]).toBe("Reset the password of cli-forgetful@example.test (Forgetful): every session of the account has ended.");
    const password = /^Temporary password: (\S{20})$/.exec(lines[1]!)?.[1];
    expect(password).toBeDefined();
    expect(lines[2]).toMatch(/^It works until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(7 days\)\.$/);
    expect(lines[3]).toBe("Give it to them privately: when they next sign in, they must choose their own password.");

    expect(await db.session.count({ where: { userId: made.user.id } })).toBe(0);
    expect((await db.passwordReset.findUniqueOrThrow({ where: { id: link.id } })).usedAt).not.toBeNull();
    expect(await verifyCredentials("cli-forgetful@example.test", TEST_PASSWORD, TEST_META)).toBeNull();
    const signedIn = await verifyCredentials("cli-forgetful@example.test", password!, TEST_META);
    expect(signedIn).toMatchObject({ email: "cli-forgetful@example.test", mustChangePassword: true });
    // The cookies of the old sessions carry the old session version: they open nothing either.
    expect(signedIn!.sessionVersion).toBe(made.user.sessionVersion + 1);
    const stored = await db.user.findUniqueOrThrow({ where: { id: made.user.id }, select: { temporaryPasswordUntil: true } });
    expect(stored.temporaryPasswordUntil!.getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.password_reset", targetOwnerId: made.user.id } });
    expect(event).toMatchObject({
      targetOwnerEmail: "cli-forgetful@example.test",
      detail: "a temporary password, by npm run admin",
      userAgent: "cli",
    });
    expect(JSON.stringify(event)).not.toContain(password!);

    expect(admin("reset-password", "nobody@example.test")).toEqual({
      status: 1,
      out: "Refused: No account has the email nobody@example.test.",
    });
    expect(admin("reset-password").status).toBe(2);
    expect(admin("reset-password", "a@example.test", "extra").status).toBe(2);
  });

  it("disable and enable: sessions end, personal tokens go and stay gone, the last admin stays, audited", async () => {
    const leaver = await makeUser({ name: "Leaver", email: "cli-leaver@example.test" });
    const claim = await startSession(leaver, TEST_META);
    await makeToken(leaver, "laptop", "WRITE");
    expect(admin("disable", "CLI-Leaver@example.test")).toEqual({
      status: 0,
      out: "Disabled cli-leaver@example.test: every session has ended and 1 personal token was revoked.\nTeam tokens they created keep working: hand them over or revoke them on /admin/users.",
    });
    expect(await db.session.count({ where: { id: claim.sessionId } })).toBe(0);
    expect(admin("disable", "cli-leaver@example.test")).toEqual({
      status: 1,
      out: "Refused: cli-leaver@example.test is already disabled; nothing changed.",
    });
    expect(admin("enable", "cli-leaver@example.test").status).toBe(0);
    expect(await db.apiToken.count({ where: { ownerId: leaver.id } })).toBe(0);
    expect(admin("enable", "cli-leaver@example.test").status).toBe(1);
    const admins = await db.user.findMany({ where: { role: "ADMIN", disabledAt: null }, select: { email: true } });
    if (admins.length === 1) expect(admin("disable", admins[0]!.email).out).toContain("last active admin");
    const events = await db.auditEvent.findMany({ where: { targetOwnerId: leaver.id, action: { in: ["user.disabled", "user.enabled"] } } });
    expect(events.map((e) => [e.action, e.actorUserId, e.detail])).toEqual([
      ["user.disabled", null, "1 personal token revoked, by npm run admin"],
      ["user.enabled", null, "by npm run admin"],
    ]);
  });
});
