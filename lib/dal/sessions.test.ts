import { describe, expect, it } from "vitest";
import { endAllSessions, endSession, findSessionUser, SESSION_IDLE_MS, SESSION_MAX_AGE_MS, startSession } from "@/lib/dal/sessions";
import { changePassword } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { makeUser, TEST_META, TEST_PASSWORD } from "@/test/fixtures";

const actions = async (userId: string) =>
  (await db.auditEvent.findMany({ where: { actorUserId: userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((e) => e.action);

describe("sessions", () => {
  it("accepts a session only with the user's current session version, its own id and user", async () => {
    const user = await makeUser();
    const claim = await startSession(user, TEST_META);
    expect(await findSessionUser(claim)).toEqual(user);
    expect(await findSessionUser({ ...claim, sessionVersion: 1 })).toBeNull();
    expect(await findSessionUser({ ...claim, sessionId: "no-such-session" })).toBeNull();
    expect(await findSessionUser({ ...claim, userId: "no-such-user" })).toBeNull();
  });

  it("ends after 12 hours without a request, and after 7 days in all, however busy", async () => {
    const user = await makeUser();
    const idle = await startSession(user, TEST_META);
    const start = Date.now();
    expect(await findSessionUser(idle, start + SESSION_IDLE_MS - 60_000)).toEqual(user); // seen: the idle clock restarts
    expect(await findSessionUser(idle, start + 2 * SESSION_IDLE_MS - 120_000)).toEqual(user);
    expect(await findSessionUser(idle, start + 3 * SESSION_IDLE_MS)).toBeNull();
    expect(await db.session.count({ where: { id: idle.sessionId } })).toBe(0);

    const busy = await startSession(user, TEST_META);
    for (let at = start; at < start + SESSION_MAX_AGE_MS; at += SESSION_IDLE_MS / 2) expect(await findSessionUser(busy, at)).toEqual(user);
    expect(await findSessionUser(busy, start + SESSION_MAX_AGE_MS + 1000)).toBeNull();
  });

  it("log out ends that session only; log out everywhere ends all of them, and is audited", async () => {
    const user = await makeUser();
    const laptop = await startSession(user, TEST_META);
    const phone = await startSession(user, TEST_META);
    await endSession(laptop, TEST_META);
    expect(await findSessionUser(laptop)).toBeNull();
    expect(await findSessionUser(phone)).toEqual(user);
    // Ending it again records nothing more.
    await endSession(laptop, TEST_META);

    const tablet = await startSession(user, TEST_META);
    await endAllSessions(user, TEST_META);
    expect(await findSessionUser(phone)).toBeNull();
    expect(await findSessionUser(tablet)).toBeNull();
    const fresh = await startSession({ ...user, sessionVersion: user.sessionVersion + 1 }, TEST_META);
    expect(await findSessionUser(fresh)).toMatchObject({ id: user.id, sessionVersion: user.sessionVersion + 1 });
    expect(await actions(user.id)).toEqual(["user.signed_up", "user.logged_out", "user.logged_out_everywhere"]);
  });

  it("a password change needs the current password and ends every other session", async () => {
    const user = await makeUser();
    const here = await startSession(user, TEST_META);
    const elsewhere = await startSession(user, TEST_META);
    expect(await changePassword(user, { current: "not-it", next: "a-new-passphrase" }, here.sessionId, TEST_META)).toEqual({
      ok: false,
      reason: "wrong_password",
    });
    expect(await findSessionUser(elsewhere)).toEqual(user);
    expect(await changePassword(user, { current: TEST_PASSWORD, next: "a-new-passphrase" }, here.sessionId, TEST_META)).toEqual({
      ok: true,
    });
    expect(await findSessionUser(here)).toEqual(user);
    expect(await findSessionUser(elsewhere)).toBeNull();
    expect((await actions(user.id)).at(-1)).toBe("user.password_changed");
  });
});
