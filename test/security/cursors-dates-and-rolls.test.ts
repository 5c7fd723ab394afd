import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { GET as exportCsv } from "@/app/(dashboard)/admin/audit/export/route";
import { createTokenAction } from "@/app/(dashboard)/api-tokens/actions";
import { listAuditEvents } from "@/lib/dal/audit";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { auditQuerySchema } from "@/lib/validation/admin";
import { call } from "@/test/api-client";
import { actAs, makeToken, makeUser } from "@/test/fixtures";
import { fromClient } from "@/test/next-request";

// Issue 20: an impossible audit-log cursor was a 500 (finding 1); an impossible expiry day was
// rolled over to another date (6d); a rolled token's previous secret could roll it again and
// end the owner's new secret (6a).

let admin: SessionUser;
let member: SessionUser;
beforeAll(async () => {
  admin = await makeUser({ email: "admin-20@example.test" }); // the first account: the admin
  member = await makeUser();
  fromClient("192.0.2.20");
});

const IMPOSSIBLE_CURSORS = ["2026-13-45T99:99:99.999Z~abc", "2026-02-30T10:00:00.000Z~abc", "2026-01-01T24:00:00.000Z~abc"];

describe("the audit log with an impossible cursor or day", () => {
  // What /admin/audit's page does with its URL (importing the page itself needs a browser's React).
  it.each(IMPOSSIBLE_CURSORS)("ignores before/after=%s: the page gets the newest events", async (cursor) => {
    const newest = await listAuditEvents(admin, auditQuerySchema.parse({}));
    for (const key of ["before", "after"]) {
      const query = auditQuerySchema.parse({ [key]: cursor });
      expect(await listAuditEvents(admin, query)).toEqual(newest);
      expect(query[key as "before" | "after"]).toBe("");
    }
  });

  it("still follows a real cursor, and ignores days that do not exist", () => {
    const real = "2026-03-01T10:00:00.000Z~cm3x8abc";
    expect(auditQuerySchema.parse({ before: real }).before).toBe(real);
    expect(auditQuerySchema.parse({ from: "2027-02-30", to: "2026-13-45" })).toMatchObject({ from: "", to: "" });
    expect(auditQuerySchema.parse({ from: "2028-02-29" }).from).toBe("2028-02-29");
  });

  it("exports CSV with the same bad cursor and days: 200, every event, not a crash", async () => {
    await actAs(admin);
    const query = new URLSearchParams({
      before: IMPOSSIBLE_CURSORS[0]!,
      after: IMPOSSIBLE_CURSORS[1]!,
      from: "2027-02-30",
      to: "2026-13-45",
    });
    const response = await exportCsv(new Request(`http://console.test/admin/audit/export?${query}`));
    expect(response.status).toBe(200);
    const lines = (await response.text()).trim().split("\n");
    expect(lines.length - 1).toBe(await db.auditEvent.count());
  });
});

describe("expires_at on a day that does not exist", () => {
  it.each(["2027-02-30", "2027-02-30 00:00:00", "2027-04-31T12:00:00Z", "2027-01-01 24:00:00", "2027-01-01T23:59:60Z"])(
    "is a 422 from the API for %s, and creates nothing",
    async (expiresAt) => {
      const { secret } = await makeToken(member, `maker-${Math.random().toString(36).slice(2, 8)}`, "WRITE");
      const name = `impossible-${Math.random().toString(36).slice(2, 8)}`;
      const answer = await call("POST", "/api/generate", { token: secret, body: { name, expires_at: expiresAt } });
      expect(answer.status).toBe(422);
      expect(answer.json!.message).toMatch(/expires_at/);
      expect(await db.apiToken.count({ where: { userId: member.id, name } })).toBe(0);
    },
  );

  it("a real day and time is still taken as written", async () => {
    const { secret } = await makeToken(member, "maker-real-day", "WRITE");
    const answer = await call("POST", "/api/generate", { token: secret, body: { name: "real-day", expires_at: "2027-02-28 23:59:59" } });
    expect(answer.status).toBe(200);
    const made = await db.apiToken.findFirstOrThrow({ where: { userId: member.id, name: "real-day" } });
    expect(made.expiresAt!.toISOString()).toBe("2027-02-28T23:59:59.000Z");
  });

  it("is a field error on the console's Custom date", async () => {
    await actAs(member);
    const result = await createTokenAction({ name: "console-impossible", scope: "WRITE", expiration: "custom", expiresOn: "2027-02-30" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { expiresOn: expect.anything() } });
    expect(await db.apiToken.count({ where: { userId: member.id, name: "console-impossible" } })).toBe(0);
  });
});

describe("a rolled token's previous secret, during its overlap", () => {
  async function rolled() {
    const { secret: previous, token } = await makeToken(member, `rolled-${Math.random().toString(36).slice(2, 8)}`, "WRITE");
    const answer = await call("POST", `/api/${token.id}/roll`, { token: previous, body: { grace_seconds: 3600 } });
    return { previous, current: answer.json!.apikey as string, id: token.id };
  }

  it("cannot roll the token again: 403 with its code, and the current secret keeps working", async () => {
    const { previous, current, id } = await rolled();
    const before = await db.apiToken.findUniqueOrThrow({ where: { id }, select: { tokenHash: true, previousTokenHash: true } });
    const answer = await call("POST", `/api/${id}/roll`, { token: previous, body: { grace_seconds: 0 } });
    expect(answer.status).toBe(403);
    expect(answer.json).toMatchObject({
      status: "error",
      message: expect.stringContaining("previous secret"),
      errors: [{ code: "forbidden_previous_secret", message: expect.any(String) }],
    });
    expect(await db.apiToken.findUniqueOrThrow({ where: { id }, select: { tokenHash: true, previousTokenHash: true } })).toEqual(before);
    expect((await call("GET", "/account/info", { token: current })).status).toBe(200);
    // Still a working secret for calls until the overlap ends: that is what the overlap is for.
    expect((await call("GET", "/account/info", { token: previous })).status).toBe(200);
    const denied = await db.auditEvent.findFirst({ where: { action: "api.denied", targetTokenId: id }, select: { detail: true } });
    expect(denied?.detail).toMatch(/previous secret/);
  });

  it("cannot manage keys either: create, edit, delete are 403 and change nothing", async () => {
    const { previous, current, id } = await rolled();
    const keys = await db.apiToken.count({ where: { userId: member.id } });
    for (const answer of [
      await call("POST", "/api/generate", { token: previous, body: { name: `by-previous-${id}` } }),
      await call("PATCH", `/api/${id}`, { token: previous, body: { allowed_ips: ["203.0.113.9"] } }),
      await call("DELETE", `/api/${id}/delete`, { token: previous }),
    ]) {
      expect(answer.status).toBe(403);
      expect(answer.json!.errors).toEqual([{ code: "forbidden_previous_secret", message: expect.any(String) }]);
    }
    expect(await db.apiToken.count({ where: { userId: member.id } })).toBe(keys);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id }, select: { allowedIps: true } })).toEqual({ allowedIps: "" });
    expect((await call("POST", `/api/${id}/roll`, { token: current, body: {} })).status).toBe(200);
  });
});
