import { beforeAll, describe, expect, it, vi } from "vitest";

// The real session code runs (a session row, its cookie, the user and role from the database);
// only Next's request scope is stood in for (test/next-request.ts).
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// What Next.js resolves next/navigation to on the server: redirect() and notFound() throw.
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { GET as exportCsv } from "@/app/(dashboard)/admin/audit/export/route";
import { revokeTokenAction } from "@/app/(dashboard)/admin/tokens/actions";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { requireAdmin } from "@/lib/auth/session";
import { actAs, makeToken, makeUser } from "@/test/fixtures";
import { fromClient } from "@/test/next-request";

let admin: SessionUser;
let member: SessionUser;
let memberTokenId: string;

/** What Next.js makes of notFound(): an error whose digest carries the status. */
async function statusOf(render: () => Promise<unknown>): Promise<string> {
  try {
    await render();
    return "rendered";
  } catch (error) {
    return String((error as { digest?: string }).digest ?? error);
  }
}

beforeAll(async () => {
  admin = await makeUser({ name: "Admin", email: "root@example.test" });
  member = await makeUser({ name: "Member", email: "member@example.test" });
  memberTokenId = (await makeToken(member, "members-token", "WRITE")).token.id;
  fromClient("198.51.100.4", { "x-return-to": "/admin/tokens" });
});

describe("a member", () => {
  it("is refused by the revoke action called directly, and nothing changes", async () => {
    await actAs(member);
    const events = await db.auditEvent.count();
    expect(await revokeTokenAction({ id: memberTokenId })).toEqual({ ok: false, message: "This needs an admin." });
    expect(await db.apiToken.count({ where: { id: memberTokenId } })).toBe(1);
    expect(await db.auditEvent.count()).toBe(events);
  });

  it("gets 404 from the guard of every admin page, and from the CSV export", async () => {
    await actAs(member);
    // Both admin pages begin with requireAdmin(); the e2e suite requests them over HTTP too.
    expect(await statusOf(requireAdmin)).toContain("404");
    const exported = await exportCsv(new Request("http://console.test/admin/audit/export"));
    expect(exported.status).toBe(404);
    expect(await exported.text()).toBe("Not found");
  });

  it("without a session is sent to log in, and the action says the session ended", async () => {
    await actAs(null);
    expect(await statusOf(requireAdmin)).toContain("NEXT_REDIRECT");
    expect(await revokeTokenAction({ id: memberTokenId })).toMatchObject({
      ok: false,
      message: expect.stringContaining("session has ended"),
    });
    expect(await db.apiToken.count({ where: { id: memberTokenId } })).toBe(1);
  });
});

describe("an admin", () => {
  it("revokes another user's token; the owner's listing loses it and the log names both", async () => {
    await actAs(admin);
    const result = await revokeTokenAction({ id: memberTokenId });
    expect(result).toEqual({ ok: true, data: { name: "members-token", ownerEmail: "member@example.test" } });
    expect(await db.apiToken.count({ where: { id: memberTokenId } })).toBe(0);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "token.revoked_by_admin" } });
    expect(event).toMatchObject({
      actorUserId: admin.id,
      actorEmail: "root@example.test",
      targetTokenName: "members-token",
      targetOwnerEmail: "member@example.test",
      ip: "198.51.100.4",
    });
    expect(await revokeTokenAction({ id: memberTokenId })).toMatchObject({ ok: false });
  });

  it("exports the filtered log as CSV: a header, one row per event, formula cells neutralised", async () => {
    await actAs(admin);
    for (const name of ["=SUM(A1:A9)", "+1+2", "-3", "@cmd", "plain, with comma"]) {
      await makeToken(member, name, "READ_ONLY");
    }
    const response = await exportCsv(new Request("http://console.test/admin/audit/export?action=token.created&user=member@example.test"));
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = (await response.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(
      "time_utc,action,actor_email,actor_user_id,actor_token_id,token_id,token_name,token_scope,token_permissions,token_prefix,token_owner_email,team,detail,ip,user_agent",
    );
    const expected = await db.auditEvent.count({
      where: {
        action: "token.created",
        OR: [{ actorEmail: { contains: "member@example.test" } }, { targetOwnerEmail: { contains: "member@example.test" } }],
      },
    });
    expect(lines).toHaveLength(1 + expected);
    expect(lines.slice(1).every((line) => line.split(",")[1] === "token.created")).toBe(true);
    const names = lines.slice(1).map((line) => line.split(",")[6]);
    expect(names).toEqual(expect.arrayContaining(["'=SUM(A1:A9)", "'+1+2", "'-3", "'@cmd", '"plain']));
    expect(lines.join("\n")).not.toMatch(/,=SUM|,\+1\+2|,-3,|,@cmd/);
  });

  it("streams an export of 100,000 events with flat memory, in batches", async () => {
    await actAs(admin);
    const start = Date.parse("2020-01-01T00:00:00Z");
    for (let chunk = 0; chunk < 100_000; chunk += 10_000) {
      await db.auditEvent.createMany({
        data: Array.from({ length: 10_000 }, (_, j) => {
          const i = chunk + j;
          return {
            id: `seed-${i}`,
            createdAt: new Date(start + i * 1000),
            action: "token.created",
            actorEmail: `bulk-${i % 50}@example.test`,
            targetTokenName: `seeded token number ${i} with a longer name`,
            ip: "192.0.2.1",
            userAgent: "seed/1.0 (a user agent of typical length for a browser or a script)",
          };
        }),
      });
    }

    // What the heap really retains (after a collection), sampled while the export streams.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error("run with --expose-gc (vitest.config.mts sets it)");
    const retained = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const baseline = retained();
    let peak = baseline;
    let rows = -1; // the header
    let bytes = 0;
    let chunks = 0;
    const response = await exportCsv(new Request("http://console.test/admin/audit/export?to=2020-12-31"));
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 10) rows++;
      if (++chunks % 10 === 0) peak = Math.max(peak, retained());
    }
    expect(rows).toBe(100_000);
    expect(chunks).toBeGreaterThan(100); // batch by batch, not one buffer
    expect(bytes).toBeGreaterThan(15_000_000);
    // The file is over 15 MB as text, and 100,000 rows as objects are several times that;
    // streaming in batches of 1,000 keeps what the heap holds to a small, constant amount.
    expect(peak - baseline).toBeLessThan(8_000_000);
  }, 120_000);
});
