import Database from "better-sqlite3";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.SIGNUP = "closed";
  process.env.DATABASE_BUSY_TIMEOUT_MS = "300";
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { signupAction } from "@/app/(auth)/signup/actions";
import { changePasswordAction } from "@/app/(dashboard)/account/actions";
import { createTokenAction, deleteTokenAction } from "@/app/(dashboard)/api-tokens/actions";
import { createAccountAsOperator } from "@/lib/dal/operator-accounts";
import type { SessionUser } from "@/lib/dal/users";
import { MESSAGES } from "@/lib/model";
import { databaseFile } from "@/lib/server/config.mjs";
import { db } from "@/lib/server/db";
import { actAs, makeToken, makeUser, TEST_META } from "@/test/fixtures";
import { formData, fromClient, settle } from "@/test/next-request";

// Issue 11: the console's side of findings 3 (a busy database) and 8 (sign-up policy).

let alice: SessionUser;
beforeAll(async () => {
  alice = await makeUser();
  fromClient("192.0.2.40");
});

describe("a busy database (finding 3)", () => {
  it("a console write under another process's lock answers 'busy' within the bound, and changes nothing", async () => {
    const kept = await makeToken(alice, "kept", "READ_ONLY");
    await actAs(alice);
    const holder = new Database(databaseFile());
    holder.exec("BEGIN IMMEDIATE");
    try {
      const started = Date.now();
      expect(await createTokenAction({ name: "while-locked", scope: "WRITE" })).toEqual({ ok: false, message: MESSAGES.busy });
      expect(await deleteTokenAction({ id: kept.token.id })).toEqual({ ok: false, message: MESSAGES.busy });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
    expect(await db.apiToken.count({ where: { userId: alice.id } })).toBe(1);
    // The lock gone, the same requests go through.
    expect(await createTokenAction({ name: "after-lock", scope: "WRITE" })).toMatchObject({ ok: true });
    expect(await deleteTokenAction({ id: kept.token.id })).toMatchObject({ ok: true });
  });

  it("a write that finds the lock taken waits for it asynchronously and succeeds when it is released in time", async () => {
    await actAs(alice);
    const holder = new Database(databaseFile());
    holder.exec("BEGIN IMMEDIATE");
    setTimeout(() => holder.exec("COMMIT"), 100);
    expect(await createTokenAction({ name: "waited", scope: "READ_ONLY" })).toMatchObject({ ok: true });
    holder.close();
  });
});

describe("SIGNUP=closed (finding 8)", () => {
  it("the sign-up action refuses, and creates nothing", async () => {
    const before = await db.user.count();
    const result = await settle(() =>
      signupAction(null, formData({ name: "Walk In", email: "walk-in@example.test", password: "a-long-passphrase" })),
    );
    expect(result).toMatchObject({ returned: { ok: false, message: MESSAGES.signupClosed } });
    expect(await db.user.count()).toBe(before);
  });

  it("an account with a temporary password may only change it; then it is an account like any other", async () => {
    const created = await createAccountAsOperator(
      { email: "temp@example.test", name: "Temp", temporaryPassword: "temporary-pass-1", admin: false },
      TEST_META,
    );
    if (!created.ok) throw new Error(created.reason);
    expect(created.user).toMatchObject({ role: "MEMBER", mustChangePassword: true });
    await actAs(created.user);
    expect(await createTokenAction({ name: "too-soon", scope: "WRITE" })).toEqual({ ok: false, message: MESSAGES.passwordChangeRequired });
    const changed = await settle(() =>
      changePasswordAction(
        null,
        formData({ currentPassword: "temporary-pass-1", newPassword: "my-own-passphrase", confirmPassword: "my-own-passphrase" }),
      ),
    );
    expect(changed).toMatchObject({ returned: { ok: true } });
    expect(await createTokenAction({ name: "now", scope: "WRITE" })).toMatchObject({ ok: true });
  });
});
