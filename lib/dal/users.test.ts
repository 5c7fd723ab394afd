import { describe, expect, it } from "vitest";
import { createUser, verifyCredentials } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { TEST_META } from "@/test/fixtures";

describe("user DAL against a real SQLite file", () => {
  it("makes the first account ADMIN and later ones MEMBER, and never returns a password hash", async () => {
    const first = await createUser({ name: "First", email: "first@example.test", password: "first-password" }, TEST_META);
    const second = await createUser({ name: "Second", email: "second@example.test", password: "second-password" }, TEST_META);
    expect(first).toEqual({
      ok: true,
      user: {
        id: expect.any(String),
        name: "First",
        email: "first@example.test",
        role: "ADMIN",
        sessionVersion: 0,
        mustChangePassword: false,
      },
    });
    expect(second.ok && second.user.role).toBe("MEMBER");
    expect(JSON.stringify([first, second])).not.toMatch(/argon2|passwordHash/);
  });

  it("stores an argon2id hash, never the password", async () => {
    await createUser({ name: "Hash", email: "hash@example.test", password: "canary-password-123" }, TEST_META);
    const [row] = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "User" WHERE "email" = ${"hash@example.test"}`;
    if (!row) throw new Error("no row");
    expect(String(row.passwordHash)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(Object.values(row).join(" ")).not.toContain("canary-password-123");
  });

  it("refuses a second account with the same email", async () => {
    await createUser({ name: "A", email: "dup@example.test", password: "password-one" }, TEST_META);
    expect(await createUser({ name: "B", email: "dup@example.test", password: "password-two" }, TEST_META)).toEqual({
      ok: false,
      reason: "email_taken",
    });
  });

  it("answers null alike for a wrong password and an unknown email", async () => {
    const created = await createUser({ name: "Login", email: "login@example.test", password: "the-right-one" }, TEST_META);
    if (!created.ok) throw new Error("setup");
    expect(await verifyCredentials("login@example.test", "the-right-one", TEST_META)).toEqual(created.user);
    expect(await verifyCredentials("login@example.test", "the-wrong-one", TEST_META)).toBeNull();
    expect(await verifyCredentials("nobody@example.test", "the-right-one", TEST_META)).toBeNull();
  });
});
