import { beforeEach, describe, expect, it } from "vitest";
import { createToken, deleteToken } from "@/lib/dal/tokens";
import { listTokens } from "@/lib/dal/token-listing";
import type { SessionUser } from "@/lib/dal/users";
import { temporaryFailure } from "@/lib/server/busy";
import { hashToken } from "@/lib/server/token-format";
import { createTokenErrorMessage, MAX_TOKENS_PER_USER, tokenListQuerySchema } from "@/lib/validation/api-token";
import { everyStoredValue, makeUser, TEST_CONTEXT } from "@/test/fixtures";

const query = (overrides: Record<string, unknown> = {}) => tokenListQuerySchema.parse(overrides);

describe("token DAL against a real SQLite file", () => {
  let alice: SessionUser;
  let bob: SessionUser;
  beforeEach(async () => {
    alice = await makeUser();
    bob = await makeUser();
  });

  it("creates, lists and deletes a token, and returns the secret only at creation", async () => {
    const created = await createToken(alice, { name: "ci-deploy", scope: "WRITE" }, TEST_CONTEXT);
    if (!created.ok) throw new Error(created.reason);
    expect(created.secret).toMatch(/^tkc_/);
    expect(created.token).toEqual({
      id: expect.any(String),
      name: "ci-deploy",
      scope: "WRITE",
      permissions: [],
      displayPrefix: created.secret.slice(0, 12),
      description: "",
      allowedIps: [],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      lastUsedAt: null,
      lastUsedIp: null,
      lastUsedClient: null,
      expiresAt: null,
      previousValidUntil: null,
      rateLimitPerMinute: null,
      quota: null,
      quotaRemaining: null,
      status: "active",
      disabledReason: null,
      disabledAt: null,
      decisionReason: "",
    });

    const page = await listTokens(alice, query());
    expect(page.total).toBe(1);
    expect(page.rows).toEqual([created.token]);
    expect(JSON.stringify(page)).not.toContain(created.secret);
    expect(Object.keys(page.rows[0]!)).not.toContain("tokenHash");

    expect(await deleteToken(alice, created.token.id, TEST_CONTEXT)).toEqual({ name: "ci-deploy" });
    expect((await listTokens(alice, query())).total).toBe(0);
    expect(await deleteToken(alice, created.token.id, TEST_CONTEXT)).toBeNull();
  });

  it("stores only the HMAC: no column of any row holds the token or its random part", async () => {
    const created = await createToken(alice, { name: "scan-me", scope: "READ_ONLY" }, TEST_CONTEXT);
    if (!created.ok) throw new Error(created.reason);
    const values = await everyStoredValue();
    const randomPart = created.secret.slice(4, 47);
    for (const value of values) {
      expect(value).not.toContain(created.secret);
      expect(value).not.toContain(randomPart);
      expect(value).not.toContain(randomPart.slice(8)); // beyond the display prefix
    }
    expect(values).toContain(hashToken(created.secret, process.env.TOKEN_PEPPER!));
  });

  it("does not let one user delete another's token, and says the same as for a missing id", async () => {
    const created = await createToken(bob, { name: "bobs-token", scope: "WRITE" }, TEST_CONTEXT);
    if (!created.ok) throw new Error(created.reason);

    expect(await deleteToken(alice, created.token.id, TEST_CONTEXT)).toBeNull();
    expect(await deleteToken(alice, "no-such-id", TEST_CONTEXT)).toBeNull();
    expect((await listTokens(bob, query())).rows.map((r) => r.id)).toEqual([created.token.id]);
    expect((await listTokens(alice, query())).total).toBe(0);
  });

  it("keeps names unique per user regardless of case, but not across users", async () => {
    expect((await createToken(alice, { name: "Deploy", scope: "WRITE" }, TEST_CONTEXT)).ok).toBe(true);
    expect(await createToken(alice, { name: "deploy", scope: "READ_ONLY" }, TEST_CONTEXT)).toEqual({ ok: false, reason: "duplicate_name" });
    expect((await createToken(bob, { name: "deploy", scope: "READ_ONLY" }, TEST_CONTEXT)).ok).toBe(true);
  });

  it("lets ten concurrent creations with one name make one row and nine clear errors", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, () => createToken(alice, { name: "race", scope: "READ_ONLY" }, TEST_CONTEXT)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const failures = results.filter((r) => !r.ok);
    expect(failures).toHaveLength(9);
    for (const failure of failures) {
      expect(failure).toEqual({ ok: false, reason: "duplicate_name" });
      expect(createTokenErrorMessage("duplicate_name", "race")).toBe("You already have a token named “race”. Choose another name.");
    }
    expect((await listTokens(alice, query())).total).toBe(1);
  });

  it(`refuses the token after the ${MAX_TOKENS_PER_USER}th, even when they arrive at once`, async () => {
    const make = (i: number) => createToken(alice, { name: `t-${i}`, scope: "READ_ONLY" }, TEST_CONTEXT);
    const settled = await Promise.allSettled(Array.from({ length: MAX_TOKENS_PER_USER + 5 }, (_, i) => make(i)));
    // On a loaded machine some of 105 writers queued on one account's lock give up waiting: each
    // such answer must be "busy, retry" (503), never anything else, and the cap must hold meanwhile.
    const busy = settled.flatMap((outcome, i) => (outcome.status === "rejected" ? [i] : []));
    for (const i of busy) expect(temporaryFailure((settled[i] as PromiseRejectedResult).reason)).toMatchObject({ kind: "busy" });
    expect((await listTokens(alice, query())).total).toBeLessThanOrEqual(MAX_TOKENS_PER_USER);
    // Their retries, as a client makes them after Retry-After.
    const results = settled.map((outcome) => (outcome.status === "fulfilled" ? outcome.value : null));
    for (const i of busy) results[i] = await make(i);
    expect(results.filter((r) => r?.ok)).toHaveLength(MAX_TOKENS_PER_USER);
    expect(results.filter((r) => !r?.ok)).toEqual(Array(5).fill({ ok: false, reason: "limit_reached" }));
    expect((await listTokens(alice, query())).total).toBe(MAX_TOKENS_PER_USER);

    // Deleting one makes room for exactly one more.
    const first = results.find((r) => r?.ok);
    if (!first?.ok) throw new Error("no token");
    await deleteToken(alice, first.token.id, TEST_CONTEXT);
    expect((await createToken(alice, { name: "one-more", scope: "READ_ONLY" }, TEST_CONTEXT)).ok).toBe(true);
    expect(await createToken(alice, { name: "too-many", scope: "READ_ONLY" }, TEST_CONTEXT)).toEqual({
      ok: false,
      reason: "limit_reached",
    });
  });

  it("searches, sorts and paginates in the database, 20 a page", async () => {
    for (let i = 0; i < 45; i++) {
      const name = i % 3 === 0 ? `Build-${String(i).padStart(2, "0")}` : `deploy-${String(i).padStart(2, "0")}`;
      await createToken(alice, { name, scope: "READ_ONLY" }, TEST_CONTEXT);
    }
    await createToken(bob, { name: "build-bob", scope: "READ_ONLY" }, TEST_CONTEXT);

    const first = await listTokens(alice, query());
    expect(first).toMatchObject({ total: 45, page: 1, pageSize: 20, pageCount: 3 });
    expect(first.rows).toHaveLength(20);
    const created = first.rows.map((r) => r.createdAt);
    expect(created).toEqual([...created].sort().reverse()); // newest first by default
    const third = await listTokens(alice, query({ page: "3" }));
    expect(third.rows).toHaveLength(5);
    expect(new Set([...first.rows, ...third.rows].map((r) => r.id)).size).toBe(25);
    // A page past the end shows the last page rather than nothing.
    expect((await listTokens(alice, query({ page: "99" }))).page).toBe(3);

    const builds = await listTokens(alice, query({ q: "BUILD", sort: "name", dir: "asc" }));
    expect(builds.total).toBe(15);
    expect(builds.rows.map((r) => r.name)).toEqual([...builds.rows.map((r) => r.name)].sort());
    expect(builds.rows.every((r) => r.name.startsWith("Build-"))).toBe(true);

    const byNameDesc = await listTokens(alice, query({ sort: "name", dir: "desc" }));
    expect(byNameDesc.rows[0]!.name).toBe("deploy-44");
  });
});
