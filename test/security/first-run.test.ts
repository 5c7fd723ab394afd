import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { signupAction } from "@/app/(auth)/signup/actions";
import { dismissAdminWelcomeAction } from "@/app/(dashboard)/api-tokens/actions";
import { adminWelcomePending } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { actAs } from "@/test/fixtures";
import { cookieJar, formData, fromClient, settle } from "@/test/next-request";

// Issue 22, "first run": a console with no accounts opens on creating its admin (e2e/first-run.spec.ts);
// two people racing on that form make one admin, never two, and never an admin by accident later.

const signUp = (fields: Record<string, string>) => {
  cookieJar.clear();
  return settle(() => signupAction(null, formData({ name: "Someone", password: "a-long-passphrase", ...fields })));
};

describe("a console without accounts", () => {
  it("two first-account forms posted at once make one admin; the other is told, and nothing else is made", async () => {
    fromClient("192.0.2.90");
    expect(await db.user.count()).toBe(0);
    const [a, b] = await Promise.all([
      signUp({ email: "first-a@example.test", firstAccount: "1" }),
      signUp({ email: "first-b@example.test", firstAccount: "1" }),
    ]);
    const outcomes = [a, b].map((result) => ("redirectedTo" in result ? "admin" : result.returned));
    expect(outcomes).toContainEqual("admin");
    expect(outcomes).toContainEqual(expect.objectContaining({ ok: false, message: MESSAGES.adminAccountTaken }));
    const users = await db.user.findMany({ select: { email: true, role: true, adminWelcomePending: true } });
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ role: "ADMIN", adminWelcomePending: true });
  });

  it("a forged first-account field later is refused; a plain sign-up makes a member with no welcome", async () => {
    fromClient("192.0.2.91");
    expect(await signUp({ email: "late@example.test", firstAccount: "1" })).toMatchObject({
      returned: { ok: false, message: MESSAGES.adminAccountTaken },
    });
    expect(await signUp({ email: "late@example.test", firstAccount: "yes" })).toMatchObject({ returned: { ok: false } });
    expect(await db.user.count({ where: { email: "late@example.test" } })).toBe(0);
    expect(await signUp({ email: "member@example.test" })).toEqual({ redirectedTo: "/api-tokens" });
    const member = await db.user.findUniqueOrThrow({ where: { email: "member@example.test" } });
    expect(member).toMatchObject({ role: "MEMBER", adminWelcomePending: false });
  });

  it("the welcome goes once dismissed, for that admin only", async () => {
    const admin = await db.user.findFirstOrThrow({ where: { role: "ADMIN" }, select: { id: true } });
    const user = await db.user.findUniqueOrThrow({
      where: { id: admin.id },
      select: { id: true, email: true, name: true, role: true, sessionVersion: true, mustChangePassword: true },
    });
    expect(await adminWelcomePending(user)).toBe(true);
    const member = await db.user.findUniqueOrThrow({
      where: { email: "member@example.test" },
      select: { id: true, email: true, name: true, role: true, sessionVersion: true, mustChangePassword: true },
    });
    // A member dismissing changes nothing for the admin.
    await actAs(member);
    expect(await dismissAdminWelcomeAction({})).toEqual({ ok: true, data: undefined });
    expect(await adminWelcomePending(user)).toBe(true);
    await actAs(null);
    expect(await dismissAdminWelcomeAction({})).toEqual({ ok: false, message: MESSAGES.sessionEnded });
    await actAs(user);
    // A body of the wrong type changes nothing; unknown fields are ignored.
    for (const body of [null, "dismiss", 42, ["x"]]) expect(await dismissAdminWelcomeAction(body)).toMatchObject({ ok: false });
    expect(await adminWelcomePending(user)).toBe(true);
    expect(await dismissAdminWelcomeAction({ unexpected: "field" })).toEqual({ ok: true, data: undefined });
    expect(await adminWelcomePending(user)).toBe(false);
  });
});
