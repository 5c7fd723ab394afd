import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { makeUser, TS_CLI } from "@/test/fixtures";

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
});
