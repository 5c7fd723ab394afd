import { beforeAll, describe, expect, it } from "vitest";
import { NotAuthorized } from "@/lib/dal/access";
import { auditCsv, listAuditEvents } from "@/lib/dal/audit";
import { createToken, deleteToken, recordApiDenied, revokeTokenAsAdmin } from "@/lib/dal/tokens";
import { createUser, verifyCredentials, type SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { hashToken } from "@/lib/server/token-format";
import { auditQuerySchema } from "@/lib/validation/admin";
import { makeUser, TEST_CONTEXT, TEST_META } from "@/test/fixtures";

const CANARY_PASSWORD = "canary-password-7f3a9c";
const secretsSeen: string[] = [];

const events = () => db.auditEvent.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
async function newEvents<T>(run: () => Promise<T>) {
  const before = new Set((await events()).map((e) => e.id));
  const result = await run();
  return { result, added: (await events()).filter((e) => !before.has(e.id)) };
}

let admin: SessionUser;
let member: SessionUser;
beforeAll(async () => {
  admin = await makeUser({ name: "Admin", email: "audit-admin@example.test", password: CANARY_PASSWORD });
  member = await makeUser({ name: "Member", email: "audit-member@example.test", password: CANARY_PASSWORD });
  expect(admin.role).toBe("ADMIN");
});

describe("each audited action writes exactly one event with the right fields", () => {
  it("sign-up", async () => {
    const { result, added } = await newEvents(() =>
      createUser({ name: "New", email: "audit-new@example.test", password: CANARY_PASSWORD }, TEST_META),
    );
    if (!result.ok) throw new Error("setup");
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      action: "user.signed_up",
      actorUserId: result.user.id,
      actorEmail: "audit-new@example.test",
      ip: "203.0.113.7",
      userAgent: "vitest",
    });
  });

  it("login succeeded and login failed (by email, for known and unknown accounts)", async () => {
    const ok = await newEvents(() => verifyCredentials("audit-member@example.test", CANARY_PASSWORD, TEST_META));
    expect(ok.added).toMatchObject([{ action: "user.login_succeeded", actorUserId: member.id, actorEmail: "audit-member@example.test" }]);
    const wrong = await newEvents(() => verifyCredentials("audit-member@example.test", `${CANARY_PASSWORD}-wrong`, TEST_META));
    expect(wrong.added).toMatchObject([{ action: "user.login_failed", actorUserId: member.id, actorEmail: "audit-member@example.test" }]);
    const unknown = await newEvents(() => verifyCredentials("nobody@example.test", CANARY_PASSWORD, TEST_META));
    expect(unknown.added).toMatchObject([{ action: "user.login_failed", actorUserId: null, actorEmail: "nobody@example.test" }]);
  });

  it("token created in the console, and through the API by another token", async () => {
    const console = await newEvents(() => createToken(member, { name: "audited", scope: "WRITE" }, TEST_CONTEXT));
    if (!console.result.ok) throw new Error("setup");
    secretsSeen.push(console.result.secret);
    expect(console.added).toHaveLength(1);
    expect(console.added[0]).toMatchObject({
      action: "token.created",
      actorUserId: member.id,
      actorEmail: member.email,
      actorTokenId: null,
      targetTokenId: console.result.token.id,
      targetTokenName: "audited",
      targetTokenScope: "WRITE",
      targetTokenPrefix: console.result.secret.slice(0, 12),
      targetOwnerId: member.id,
      targetOwnerEmail: member.email,
    });

    const api = await newEvents(() =>
      createToken(
        member,
        { name: "by-api", scope: "READ_ONLY" },
        { meta: TEST_META, viaTokenId: console.result.ok ? console.result.token.id : "" },
      ),
    );
    if (!api.result.ok) throw new Error("setup");
    secretsSeen.push(api.result.secret);
    expect(api.added).toMatchObject([
      { action: "token.created", actorUserId: member.id, actorTokenId: console.result.token.id, targetTokenName: "by-api" },
    ]);
  });

  it("token deleted by its owner, and the event survives the token", async () => {
    const created = await createToken(member, { name: "short-lived", scope: "READ_ONLY" }, TEST_CONTEXT);
    if (!created.ok) throw new Error("setup");
    secretsSeen.push(created.secret);
    const { added } = await newEvents(() => deleteToken(member, created.token.id, TEST_CONTEXT));
    expect(added).toMatchObject([
      {
        action: "token.deleted",
        actorUserId: member.id,
        targetTokenId: created.token.id,
        targetTokenName: "short-lived",
        targetTokenScope: "READ_ONLY",
        targetOwnerEmail: member.email,
      },
    ]);
    expect(await db.apiToken.count({ where: { id: created.token.id } })).toBe(0);
    const creation = await db.auditEvent.findFirst({ where: { action: "token.created", targetTokenId: created.token.id } });
    expect(creation).toMatchObject({
      targetTokenName: "short-lived",
      targetTokenPrefix: created.secret.slice(0, 12),
      targetOwnerEmail: member.email,
    });
  });

  it("token revoked by an admin, naming the admin and the owner", async () => {
    const created = await createToken(member, { name: "revoke-me", scope: "WRITE" }, TEST_CONTEXT);
    if (!created.ok) throw new Error("setup");
    secretsSeen.push(created.secret);
    const { result, added } = await newEvents(() => revokeTokenAsAdmin(admin, created.token.id, TEST_CONTEXT));
    expect(result).toEqual({ name: "revoke-me", ownerEmail: member.email });
    expect(added).toMatchObject([
      {
        action: "token.revoked_by_admin",
        actorUserId: admin.id,
        actorEmail: admin.email,
        targetTokenName: "revoke-me",
        targetOwnerId: member.id,
      },
    ]);
  });

  it("API request denied for scope", async () => {
    const created = await createToken(member, { name: "reader", scope: "READ_ONLY" }, TEST_CONTEXT);
    if (!created.ok) throw new Error("setup");
    secretsSeen.push(created.secret);
    const { added } = await newEvents(() =>
      recordApiDenied({ tokenId: created.token.id, userId: member.id }, "POST /v2/api/generate", TEST_META),
    );
    expect(added).toMatchObject([
      {
        action: "api.denied",
        actorUserId: member.id,
        actorTokenId: created.token.id,
        targetTokenName: "reader",
        detail: "POST /v2/api/generate",
      },
    ]);
  });
});

describe("a failed change writes no event", () => {
  it.each([
    ["a duplicate name", async () => createToken(member, { name: "AUDITED", scope: "READ_ONLY" }, TEST_CONTEXT)],
    [
      "deleting another user's token",
      async () => {
        const mine = await db.apiToken.findFirstOrThrow({ where: { userId: member.id }, select: { id: true } });
        return deleteToken(admin, mine.id, TEST_CONTEXT);
      },
    ],
    ["deleting a missing token", async () => deleteToken(member, "missing", TEST_CONTEXT)],
    ["revoking a missing token", async () => revokeTokenAsAdmin(admin, "missing", TEST_CONTEXT)],
    [
      "a duplicate email",
      async () => createUser({ name: "Dup", email: "audit-member@example.test", password: CANARY_PASSWORD }, TEST_META),
    ],
  ])("%s", async (_label, run: () => Promise<unknown>) => {
    const { result, added } = await newEvents(run);
    expect(result === null || (typeof result === "object" && "ok" in result && result.ok === false)).toBe(true);
    expect(added).toEqual([]);
  });

  it("a member calling an admin function", async () => {
    const mine = await db.apiToken.findFirstOrThrow({ where: { userId: member.id }, select: { id: true } });
    const before = await db.auditEvent.count();
    await expect(revokeTokenAsAdmin(member, mine.id, TEST_CONTEXT)).rejects.toBeInstanceOf(NotAuthorized);
    await expect(listAuditEvents(member, auditQuerySchema.parse({}))).rejects.toBeInstanceOf(NotAuthorized);
    await expect(auditCsv(member, auditQuerySchema.parse({})).next()).rejects.toBeInstanceOf(NotAuthorized);
    expect(await db.apiToken.count({ where: { id: mine.id } })).toBe(1);
    expect(await db.auditEvent.count()).toBe(before);
  });
});

describe("the log", () => {
  it("cannot be updated or deleted, even past the application", async () => {
    const one = await db.auditEvent.findFirstOrThrow();
    await expect(db.auditEvent.update({ where: { id: one.id }, data: { action: "token.created" } })).rejects.toThrow();
    await expect(db.auditEvent.deleteMany({})).rejects.toThrow(); // the triggers of the migration refuse both
    expect(await db.auditEvent.findUnique({ where: { id: one.id } })).toEqual(one);
  });

  it("holds no secret, token hash, password or password hash in any column", async () => {
    expect(secretsSeen.length).toBeGreaterThanOrEqual(4);
    const rows = await db.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "AuditEvent"`;
    const passwordHashes = (await db.$queryRaw<{ passwordHash: string }[]>`SELECT "passwordHash" FROM "User"`).map((r) => r.passwordHash);
    const forbidden = [
      CANARY_PASSWORD,
      ...secretsSeen,
      ...secretsSeen.map((s) => s.slice(12, 47)), // the random part beyond the display prefix
      ...secretsSeen.map((s) => hashToken(s, process.env.TOKEN_PEPPER!)),
      ...passwordHashes,
      "$argon2id$",
    ];
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      for (const value of Object.values(row)) {
        for (const needle of forbidden) expect(String(value)).not.toContain(needle);
      }
    }
  });
});

describe("the log names the API token that acted", () => {
  it("by its name now, and by its last recorded name once it is deleted; never only by its id", async () => {
    const maker = await createToken(member, { name: "provisioner", scope: "WRITE" }, TEST_CONTEXT);
    if (!maker.ok) throw new Error("setup");
    secretsSeen.push(maker.secret);
    const via = { meta: TEST_META, viaTokenId: maker.token.id };
    const made = await createToken(member, { name: "made-by-provisioner", scope: "READ_ONLY" }, via);
    if (!made.ok) throw new Error("setup");
    secretsSeen.push(made.secret);
    const creationOf = async (name: string) =>
      (await listAuditEvents(admin, auditQuerySchema.parse({ action: "token.created" }))).rows.find((e) => e.targetTokenName === name)!;

    expect((await creationOf("made-by-provisioner")).actorToken).toEqual({
      name: "provisioner",
      displayPrefix: maker.secret.slice(0, 12),
      deleted: false,
    });
    expect((await creationOf("provisioner")).actorToken).toBeNull();

    await deleteToken(member, maker.token.id, TEST_CONTEXT);
    expect(await creationOf("made-by-provisioner")).toMatchObject({
      actorTokenId: maker.token.id,
      actorToken: { name: "provisioner", displayPrefix: maker.secret.slice(0, 12), deleted: true },
    });
  });
});
