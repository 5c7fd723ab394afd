import { afterEach, describe, expect, it, vi } from "vitest";
import { dismissLeakNotice, leakNotices, reportLeakedTokens } from "@/lib/dal/leaks";
import { rollToken } from "@/lib/dal/token-lifecycle";
import { db } from "@/lib/server/db";
import { makeToken, makeUser, TEST_CONTEXT, TEST_META } from "@/test/fixtures";

// Leak reports against a real database: revoke or only tell (LEAKED_TOKEN_ACTION), a rolled
// token's previous secret, the owner's notices and who may dismiss them.

afterEach(() => vi.restoreAllMocks());

describe("a leaked token", () => {
  it("with LEAKED_TOKEN_ACTION=notify keeps working; its owner is told once per place it was found", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "told-only", "WRITE");
    const report = { token: secret, url: "https://github.com/octocat/hello/issues/1", source: "issue_body" };
    expect(await reportLeakedTokens([report, report], "github", "notify", TEST_META)).toEqual([true, true]);
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(1);
    expect(await leakNotices(owner)).toEqual([
      expect.objectContaining({ tokenName: "told-only", revoked: false, reporter: "github", url: report.url }),
    ]);
    const events = await db.auditEvent.findMany({ where: { targetTokenId: token.id, action: { startsWith: "token.leak" } } });
    expect(events).toHaveLength(2); // every report is audited
    expect(await db.auditEvent.count({ where: { targetTokenId: token.id, action: "token.revoked_leaked" } })).toBe(0);
  });

  it("by its previous secret, while a roll's overlap runs, is revoked whole", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "rolled-then-leaked", "WRITE");
    const rolled = await rollToken(owner, token.id, 3600, TEST_CONTEXT);
    expect(rolled.ok).toBe(true);
    expect(await reportLeakedTokens([{ token: secret }], "public", "revoke", TEST_META)).toEqual([true]);
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(0);
  });

  it("by a previous secret whose overlap has ended is not ours any more: nothing is revoked", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "rolled-long-ago", "WRITE");
    expect((await rollToken(owner, token.id, 60, TEST_CONTEXT)).ok).toBe(true);
    vi.spyOn(Date, "now").mockReturnValue(Date.now() + 61_000);
    expect(await reportLeakedTokens([{ token: secret }], "public", "revoke", TEST_META)).toEqual([false]);
    expect(await db.apiToken.count({ where: { id: token.id } })).toBe(1);
    expect(await leakNotices(owner)).toEqual([]);
  });

  it("costs no database read when it is not token-shaped or fails the checksum", async () => {
    const { fastSql } = await import("@/lib/dal/sql");
    const owner = await makeUser();
    const { secret } = await makeToken(owner, "counted", "READ_ONLY");
    const before = fastSql.queries;
    expect(await reportLeakedTokens([{ token: "hunter2" }, { token: `tkc_${"A".repeat(49)}` }], "public", "notify", TEST_META)).toEqual([
      false,
      false,
    ]);
    expect(fastSql.queries).toBe(before);
    // A real token is looked up once, on the same path as the API's (which the count sees).
    expect(await reportLeakedTokens([{ token: secret }], "public", "notify", TEST_META)).toEqual([true]);
    expect(fastSql.queries).toBe(before + 1);
  });

  it("keeps where it was found only when that is a web address: the owner's notice links to it", async () => {
    const owner = await makeUser();
    const first = await makeToken(owner, "reported-with-script", "READ_ONLY");
    const second = await makeToken(owner, "reported-with-link", "READ_ONLY");
    await reportLeakedTokens(
      [
        { token: first.secret, url: "javascript:alert(document.cookie)" },
        { token: second.secret, url: "https://github.com/octocat/hello/issues/2" },
      ],
      "github",
      "revoke",
      TEST_META,
    );
    const byName = Object.fromEntries((await leakNotices(owner)).map((notice) => [notice.tokenName, notice.url]));
    expect(byName).toEqual({ "reported-with-script": null, "reported-with-link": "https://github.com/octocat/hello/issues/2" });
    const events = await db.auditEvent.findMany({ where: { targetTokenId: first.token.id, action: "token.leak_reported" } });
    expect(events.map((event) => event.detail)).toEqual(["reported by GitHub secret scanning"]);
  });

  it("leaves notices only its owner sees and dismisses", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const { secret } = await makeToken(owner, "dismissable", "READ_ONLY");
    await reportLeakedTokens([{ token: secret }], "public", "revoke", TEST_META);
    const [notice] = await leakNotices(owner);
    expect(notice).toMatchObject({ tokenName: "dismissable", reporter: "public", revoked: true, url: null });
    expect(await leakNotices(stranger)).toEqual([]);
    expect(await dismissLeakNotice(stranger, notice!.id)).toBe(false);
    expect(await leakNotices(owner)).toHaveLength(1);
    expect(await dismissLeakNotice(owner, notice!.id)).toBe(true);
    expect(await dismissLeakNotice(owner, notice!.id)).toBe(false);
    expect(await leakNotices(owner)).toEqual([]);
  });
});
