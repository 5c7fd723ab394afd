import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_COUNT_LIMIT, listAuditEvents } from "@/lib/dal/audit";
import { recordTokenUse } from "@/lib/dal/tokens";
import { listTokens, listTokensForAdmin } from "@/lib/dal/token-listing";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { adminTokenQuerySchema, auditQuerySchema } from "@/lib/validation/admin";
import { tokenListQuerySchema } from "@/lib/validation/api-token";
import { makeAdmin, makeToken, makeUser } from "@/test/fixtures";

// The admin listings on indexes: what each filter, order and page returns.

let admin: SessionUser;
let ann: SessionUser;
let bob: SessionUser;
beforeAll(async () => {
  admin = await makeAdmin({ email: "admin@listings.test" });
  ann = await makeUser({ email: "ann@listings.test" });
  bob = await makeUser({ email: "bob@listings.test" });
  for (let i = 0; i < 30; i++)
    await makeToken(i % 3 ? ann : bob, `${i % 2 ? "deploy" : "backup"}-${String(i).padStart(2, "0")}`, "READ_ONLY");
});

const tokens = (query: Record<string, string> = {}) => listTokensForAdmin(admin, adminTokenQuerySchema.parse(query));

describe("All Tokens", () => {
  it("filters by the beginning of the owner's email and of the token's name, in any case", async () => {
    expect((await tokens({ owner: "ANN@" })).total).toBe(20);
    expect((await tokens({ owner: "bob@listings.test" })).rows.every((row) => row.ownerEmail === "bob@listings.test")).toBe(true);
    expect((await tokens({ owner: "listings" })).total).toBe(0); // not a beginning
    expect((await tokens({ q: "DEPLOY" })).total).toBe(15);
    expect((await tokens({ owner: "bob", q: "backup" })).rows.map((row) => row.name)).toEqual([
      "backup-24",
      "backup-18",
      "backup-12",
      "backup-06",
      "backup-00",
    ]);
  });

  it("sorts by owner, name, creation and last use, both ways, and pages deep", async () => {
    const byOwner = (await tokens({ sort: "owner", dir: "asc" })).rows.map((row) => row.ownerEmail);
    expect(byOwner).toEqual([...byOwner].sort());
    expect(byOwner[0]).toBe("ann@listings.test");
    const byName = (await tokens({ sort: "name", dir: "desc" })).rows.map((row) => row.name);
    expect(byName.slice(0, 2)).toEqual(["deploy-29", "deploy-27"]);
    const newest = (await tokens()).rows.map((row) => row.createdAt);
    expect(newest).toEqual([...newest].sort().reverse());

    const used = (await tokens({ sort: "name", dir: "asc" })).rows.find((row) => row.name === "backup-02")!;
    await recordTokenUse(used.id, new Date());
    expect((await tokens({ sort: "lastUsedAt", dir: "desc" })).rows[0]!.name).toBe("backup-02");
    expect((await tokens({ sort: "lastUsedAt", dir: "asc" })).rows.at(-1)!.name).not.toBe("backup-02");

    const second = await tokens({ page: "2" });
    expect(second).toMatchObject({ page: 2, pageCount: 2, total: 30 });
    expect(second.rows).toHaveLength(5);
    const all = [...(await tokens()).rows, ...second.rows].map((row) => row.id);
    expect(new Set(all).size).toBe(30);
  });
});

describe("the Audit Log", () => {
  const events = (query: Record<string, string> = {}) => listAuditEvents(admin, auditQuerySchema.parse(query));

  it("pages by position, older and back newer, without a gap or a repeat", async () => {
    const expected = (await db.auditEvent.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } })).map(
      (e) => e.id,
    );
    expect(expected.length).toBeGreaterThan(25); // two pages at least
    const seen: string[] = [];
    let page = await events();
    expect(page.newer).toBeNull();
    const older: string[] = [];
    for (;;) {
      seen.push(...page.rows.map((row) => row.id));
      if (!page.older) break;
      older.push(page.older);
      page = await events({ before: page.older });
    }
    expect(seen).toEqual(expected);
    // And back, newer, from the last page: the same pages in reverse.
    const back: string[] = [];
    while (page.newer) {
      page = await events({ after: page.newer });
      back.unshift(...page.rows.map((row) => row.id));
    }
    expect([...back, ...seen.slice(-(seen.length - back.length))]).toEqual(expected);
    expect(page.newer).toBeNull();
  });

  it("filters by action, by the beginning of the actor's or the owner's email, and by day", async () => {
    const created = await events({ action: "token.created", user: "BOB" });
    expect(created.total).toBe(10);
    expect(created.rows.every((row) => row.action === "token.created" && row.targetOwnerEmail === "bob@listings.test")).toBe(true);
    expect((await events({ user: "admin@" })).rows.map((row) => row.actorEmail)).toEqual(["admin@listings.test"]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await events({ from: today, to: today })).total).toBe((await events()).total);
    expect((await events({ to: "2001-01-01" })).total).toBe(0);
  });

  it(`counts up to ${AUDIT_COUNT_LIMIT.toLocaleString("en")} events, then says there are more`, async () => {
    const start = Date.parse("2020-01-01T00:00:00Z");
    await db.auditEvent.createMany({
      data: Array.from({ length: AUDIT_COUNT_LIMIT + 5 }, (_, i) => ({
        id: `many-${i}`,
        createdAt: new Date(start + i * 1000),
        action: "api.denied",
      })),
    });
    const page = await events({ action: "api.denied" });
    expect(page).toMatchObject({ total: AUDIT_COUNT_LIMIT, totalCapped: true });
    expect(page.rows[0]!.id).toBe(`many-${AUDIT_COUNT_LIMIT + 4}`);
    expect((await events({ action: "token.created" })).totalCapped).toBe(false);
  });
});

describe("a NUL in a search box", () => {
  // PostgreSQL cannot even compare a text holding one: each of these was a 500 there.
  it("is junk, ignored like any other: every listing answers as without the filter", async () => {
    expect((await tokens({ q: "deploy\u0000" })).total).toBe(30);
    expect((await tokens({ owner: "ann\u0000" })).total).toBe(30);
    expect((await listAuditEvents(admin, auditQuerySchema.parse({ user: "ann\u0000" }))).total).toBe(
      (await listAuditEvents(admin, auditQuerySchema.parse({}))).total,
    );
    expect((await listTokens(ann, tokenListQuerySchema.parse({ q: "\u0000" }))).total).toBe(20);
  });
});
