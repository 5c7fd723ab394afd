import { beforeAll, describe, expect, it, vi } from "vitest";

// The admin Overview's actions through the real session code, and the Activity actions' input
// checks; only Next's request scope is stood in for (test/next-request.ts).
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { activityOverviewAction, revokeUnusedTokensAction, unusedTokensAction } from "@/app/(dashboard)/admin/actions";
import { adminTokenRequestsAction, adminTokenUsageAction } from "@/app/(dashboard)/admin/tokens/actions";
import { tokenRequestsAction, tokenUsageAction } from "@/app/(dashboard)/api-tokens/actions";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { actAs, makeToken, makeUser } from "@/test/fixtures";
import { fromClient } from "@/test/next-request";

let admin: SessionUser;
let member: SessionUser;
let old: string;
let fresh: string;
let used: string;
const DAY = 86_400_000;

beforeAll(async () => {
  admin = await makeUser({ name: "Admin", email: "root@example.test" });
  member = await makeUser({ name: "Member", email: "member@example.test" });
  old = (await makeToken(member, "never-used", "READ_ONLY")).token.id;
  fresh = (await makeToken(member, "just-made", "READ_ONLY")).token.id;
  used = (await makeToken(member, "used-long-ago", "READ_ONLY")).token.id;
  await db.apiToken.update({ where: { id: old }, data: { createdAt: new Date(Date.now() - 40 * DAY) } });
  await db.apiToken.update({
    where: { id: used },
    data: { createdAt: new Date(Date.now() - 200 * DAY), lastUsedAt: new Date(Date.now() - 60 * DAY) },
  });
  fromClient("198.51.100.4", { "x-return-to": "/admin" });
});

describe("a member", () => {
  it("is refused every Overview action, and nothing is revoked", async () => {
    await actAs(member);
    const refused = { ok: false, message: "This needs an admin." };
    expect(await activityOverviewAction({ window: "24h" })).toEqual(refused);
    expect(await unusedTokensAction({ days: 30 })).toEqual(refused);
    expect(await revokeUnusedTokensAction({ days: 30, ids: [old] })).toEqual(refused);
    expect(await adminTokenUsageAction({ id: old, window: "24h" })).toEqual(refused);
    expect(await adminTokenRequestsAction({ id: old })).toEqual(refused);
    expect(await db.apiToken.count({ where: { id: old } })).toBe(1);
  });

  it("reads their own token's Activity, and another's is not found", async () => {
    await actAs(member);
    const usage = await tokenUsageAction({ id: old, window: "7d" });
    expect(usage).toMatchObject({ ok: true, data: { window: "7d", total: 0 } });
    expect(await tokenRequestsAction({ id: old })).toEqual({ ok: true, data: { requests: [], next: null } });
    await actAs(admin);
    expect(await tokenUsageAction({ id: old, window: "7d" })).toMatchObject({ ok: false });
    expect(await tokenRequestsAction({ id: old })).toMatchObject({ ok: false });
  });

  it("gets a plain refusal for a window, an outcome or a cursor that is not one", async () => {
    await actAs(member);
    for (const input of [
      { id: old, window: "1y" },
      { id: old, window: ["24h"] },
      { id: "x".repeat(65), window: "24h" },
    ])
      expect(await tokenUsageAction(input)).toMatchObject({ ok: false });
    for (const input of [
      { id: old, outcome: "maybe" },
      { id: old, cursor: "c".repeat(201) },
      { id: old, cursor: "a\u0000b" },
    ])
      expect(await tokenRequestsAction(input)).toMatchObject({ ok: false });
  });
});

describe("an admin", () => {
  it("lists the tokens unused for 30 and for 90 days", async () => {
    await actAs(admin);
    const thirty = await unusedTokensAction({ days: 30 });
    if (!thirty.ok) throw new Error(thirty.message);
    expect(thirty.data.tokens.map((token) => token.name)).toEqual(["never-used", "used-long-ago"]);
    expect(thirty.data.total).toBe(2);
    expect(thirty.data.tokens[0]).toMatchObject({ ownerEmail: "member@example.test", lastUsedAt: null });
    const ninety = await unusedTokensAction({ days: 90 });
    expect(ninety.ok && ninety.data.tokens.map((token) => token.name)).toEqual([]);
    expect(await unusedTokensAction({ days: 45 })).toMatchObject({ ok: false });
  });

  it("revokes the chosen unused tokens, each audited and its owner told, and keeps one in use", async () => {
    await actAs(admin);
    expect(await revokeUnusedTokensAction({ days: 30, ids: [] })).toMatchObject({ ok: false });
    expect(await revokeUnusedTokensAction({ days: 30, ids: [old, used, fresh] })).toEqual({ ok: true, data: { revoked: 2 } });
    expect(await db.apiToken.count({ where: { id: { in: [old, used] } } })).toBe(0);
    expect(await db.apiToken.count({ where: { id: fresh } })).toBe(1);
    const events = await db.auditEvent.findMany({ where: { action: "token.revoked_by_admin" }, orderBy: { targetTokenName: "asc" } });
    expect(events.map((event) => [event.targetTokenName, event.actorEmail, event.ip])).toEqual([
      ["never-used", "root@example.test", "198.51.100.4"],
      ["used-long-ago", "root@example.test", "198.51.100.4"],
    ]);
    expect(await db.revocationNotice.count({ where: { userId: member.id } })).toBe(2);
  });

  it("reads every token's requests together", async () => {
    await actAs(admin);
    const overview = await activityOverviewAction({ window: "30d" });
    expect(overview).toMatchObject({ ok: true, data: { window: "30d", mostActive: [] } });
    expect(overview.ok && overview.data.buckets).toHaveLength(30);
  });
});
