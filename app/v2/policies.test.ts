import { beforeEach, describe, expect, it } from "vitest";
import { policyImpact } from "@/lib/dal/compliance";
import { currentPolicy, defaultPolicy, updatePolicy } from "@/lib/dal/policies";
import { rollToken, updateToken } from "@/lib/dal/token-lifecycle";
import { createToken } from "@/lib/dal/tokens";
import type { SessionUser } from "@/lib/dal/access";
import { READS_ONLY, type TokenPolicy } from "@/lib/policy";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Issue 28: the installation's policies, stored in the database, in force at the next creation
// (console, API, team) on every instance: each creation reads the row in its own transaction.

const suffix = () => Math.random().toString(36).slice(2, 8);
let admin: SessionUser;

/** Writes the policy as another instance would: straight to the row, no cache anywhere to clear. */
async function policyIs(changes: Partial<TokenPolicy>) {
  const next = { ...defaultPolicy(), ...changes };
  await db.policy.upsert({
    where: { id: "installation" },
    create: { id: "installation", ...next, selfGrantable: next.selfGrantable === "*" ? "*" : next.selfGrantable.join(",") },
    update: { ...next, selfGrantable: next.selfGrantable === "*" ? "*" : next.selfGrantable.join(",") },
  });
}

beforeEach(async () => {
  admin ??= await makeAdmin();
  await db.policy.deleteMany({});
});

describe("the policy in force", () => {
  it("without a row, the environment's defaults; a row written elsewhere is read at the next call", async () => {
    expect(await currentPolicy()).toEqual(defaultPolicy());
    await policyIs({ maxLifetimeDays: 30 });
    expect((await currentPolicy()).maxLifetimeDays).toBe(30);
  });

  it("an admin's change is audited with before → after; the same policy again changes nothing", async () => {
    const saved = await updatePolicy(admin, { ...defaultPolicy(), maxLifetimeDays: 90, requireExpiry: true }, TEST_CONTEXT);
    expect(saved).toEqual({ ok: true, changes: ["maximum lifetime: none → 90", "expiry required: false → true"] });
    const event = await db.auditEvent.findFirst({ where: { action: "policy.updated" }, orderBy: { createdAt: "desc" } });
    expect(event).toMatchObject({ actorUserId: admin.id, detail: "maximum lifetime: none → 90; expiry required: false → true" });
    expect(await updatePolicy(admin, await currentPolicy(), TEST_CONTEXT)).toEqual({ ok: false, reason: "unchanged" });
  });

  it("a member cannot change it, whatever calls the data layer", async () => {
    const member = await makeUser();
    await expect(updatePolicy(member, { ...defaultPolicy(), requireExpiry: true }, TEST_CONTEXT)).rejects.toThrow();
    expect(await db.policy.count()).toBe(0);
  });
});

describe("creation enforces it", () => {
  it("expiry required: no expiry is refused, in the data layer and by the API (422 policy_violation), nothing stored", async () => {
    const alice = await makeUser();
    await policyIs({ requireExpiry: true });
    expect(await createToken(alice, { name: `never-${suffix()}`, scope: "READ_ONLY", expiresAt: null }, TEST_CONTEXT)).toMatchObject({
      ok: false,
      reason: "policy",
      problem: "expiry_required",
    });
    await policyIs({});
    const { secret } = await makeToken(alice, `key-${suffix()}`, "WRITE");
    await policyIs({ requireExpiry: true });
    const before = await db.apiToken.count();
    const refused = await call("POST", "/api/generate", { token: secret, body: { name: `api-${suffix()}` } });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ status: "error", errors: [{ code: "policy_violation" }] });
    expect(await db.apiToken.count()).toBe(before);
    const made = await call("POST", "/api/generate", { token: secret, body: { name: `api-${suffix()}`, expires_in_days: 7 } });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ key_status: "active" });
  });

  it("a maximum lifetime: longer is refused; without an expiry the API gives the maximum", async () => {
    const alice = await makeUser();
    const { secret } = await makeToken(alice, `key-${suffix()}`, "WRITE");
    await policyIs({ maxLifetimeDays: 30, defaultLifetimeDays: 30 });
    const long = await createToken(
      alice,
      { name: `long-${suffix()}`, scope: "READ_ONLY", expiresAt: new Date(Date.now() + 31 * 86_400_000) },
      TEST_CONTEXT,
    );
    expect(long).toMatchObject({ ok: false, reason: "policy", problem: "too_long" });
    const made = await call("POST", "/api/generate", { token: secret, body: { name: `api-${suffix()}` } });
    expect(made.status).toBe(200);
    const expires = Date.parse(String(made.json?.expires_at ?? made.json?.expiresAt));
    expect(Math.abs(expires - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
  });

  it("allowed IPs required for write: a Write token from anywhere is refused, with a list it is made; Read-Only needs none", async () => {
    const alice = await makeUser();
    await policyIs({ requireAllowedIpsForWrite: true });
    const name = `w-${suffix()}`;
    expect(await createToken(alice, { name, scope: "WRITE" }, TEST_CONTEXT)).toMatchObject({ problem: "allowed_ips_required" });
    expect(await createToken(alice, { name, scope: "WRITE", allowedIps: ["203.0.113.0/24"] }, TEST_CONTEXT)).toMatchObject({ ok: true });
    expect(await createToken(alice, { name: `r-${suffix()}`, scope: "READ_ONLY" }, TEST_CONTEXT)).toMatchObject({ ok: true });
    expect(
      await createToken(alice, { name: `c-${suffix()}`, scope: "CUSTOM", permissions: ["dns:read", "dns:write"] }, TEST_CONTEXT),
    ).toMatchObject({ problem: "allowed_ips_required" });
  });

  it("a list that lets anyone in is no list: 0.0.0.0/0, ::/0, two halves, refused at creation and at an edit", async () => {
    const alice = await makeUser();
    await policyIs({ requireAllowedIpsForWrite: true });
    for (const allowedIps of [["0.0.0.0/0"], ["::/0", "203.0.113.8"], ["0.0.0.0/1", "128.0.0.0/1"]])
      expect(await createToken(alice, { name: `w-${suffix()}`, scope: "WRITE", allowedIps }, TEST_CONTEXT)).toMatchObject({
        problem: "allowed_ips_required",
      });
    const made = await createToken(alice, { name: `w-${suffix()}`, scope: "WRITE", allowedIps: ["10.0.0.0/8"] }, TEST_CONTEXT);
    if (!made.ok) throw new Error("the private range restricts");
    const widened = await updateToken({ ...alice, team: null }, made.token.id, { allowedIps: ["0.0.0.0/0"] }, TEST_CONTEXT);
    expect(widened).toMatchObject({ ok: false, reason: "policy" });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: made.token.id }, select: { allowedIps: true } });
    expect(row.allowedIps).toBe("10.0.0.0/8");
  });

  it("reads only for members: a member's Write token is pending (refused until approved), an admin's is not", async () => {
    const alice = await makeUser();
    const { secret } = await makeToken(alice, `key-${suffix()}`, "WRITE");
    await policyIs({ selfGrantable: [READS_ONLY] });
    const readOnly = await createToken(alice, { name: `r-${suffix()}`, scope: "READ_ONLY" }, TEST_CONTEXT);
    expect(readOnly).toMatchObject({ ok: true, token: { status: "active" } });
    const write = await createToken(alice, { name: `w-${suffix()}`, scope: "WRITE" }, TEST_CONTEXT);
    expect(write).toMatchObject({ ok: true, token: { status: "pending" } });
    if (!write.ok) throw new Error("unreachable");
    expect(
      await db.auditEvent.findFirst({
        where: { action: "token.approval_requested", targetTokenId: write.token.id },
        select: { detail: true },
      }),
    ).toMatchObject({ detail: expect.stringContaining("api_keys:write") });
    const refused = await call("GET", "/api", { token: write.secret });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ errors: [{ code: "token_pending_approval" }] });

    const viaApi = await call("POST", "/api/generate", { token: secret, body: { name: `api-${suffix()}`, write: "on" } });
    expect(viaApi.status).toBe(200);
    expect(viaApi.json).toMatchObject({ key_status: "pending", message: expect.stringContaining("approves") });

    const theAdmins = await createToken(admin, { name: `a-${suffix()}`, scope: "WRITE" }, TEST_CONTEXT);
    expect(theAdmins).toMatchObject({ ok: true, token: { status: "active" } });
  });

  it("nothing for members: even Read-Only waits", async () => {
    const alice = await makeUser();
    await policyIs({ selfGrantable: [] });
    expect(await createToken(alice, { name: `r-${suffix()}`, scope: "READ_ONLY" }, TEST_CONTEXT)).toMatchObject({
      ok: true,
      token: { status: "pending" },
    });
  });
});

describe("what a new rule would mean for existing tokens", () => {
  it("counts the working tokens the rules would not allow now, by problem; they keep working", async () => {
    const bob = await makeUser();
    const before = await policyImpact(admin, { ...defaultPolicy(), requireExpiry: true, requireAllowedIpsForWrite: true });
    await makeToken(bob, `forever-${suffix()}`, "WRITE");
    const after = await policyImpact(admin, { ...defaultPolicy(), requireExpiry: true, requireAllowedIpsForWrite: true });
    expect(after.tokens - before.tokens).toBe(1);
    expect(after.expiry_required - before.expiry_required).toBe(1);
    expect(after.allowed_ips_required - before.allowed_ips_required).toBe(1);
    await expect(policyImpact(bob, defaultPolicy())).rejects.toThrow();
  });
});

// "Kept until their next roll": a token a new rule kept working meets the rule when it is rolled.
describe("a roll applies the policy in force", () => {
  it("a token without an expiry gets the maximum lifetime from now (audited, said in the answer); one within it keeps its expiry", async () => {
    const alice = await makeUser();
    const { token, secret } = await makeToken(alice, `forever-${suffix()}`, "WRITE");
    const soon = await makeToken(alice, `soon-${suffix()}`, "READ_ONLY", [], { expiresAt: new Date(Date.now() + 10 * 86_400_000) });
    await policyIs({ maxLifetimeDays: 30 });
    const rolled = await call("POST", `/api/${token.id}/roll`, { token: secret, body: { grace_seconds: 0 } });
    expect(rolled.status).toBe(200);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { expiresAt: true } });
    expect(Math.abs(row.expiresAt!.getTime() - (Date.now() + 30 * 86_400_000))).toBeLessThan(60_000);
    const event = await db.auditEvent.findFirst({ where: { action: "token.rolled", targetTokenId: token.id }, select: { detail: true } });
    expect(event?.detail).toContain("the policy's maximum lifetime");

    const before = (await db.apiToken.findUniqueOrThrow({ where: { id: soon.token.id }, select: { expiresAt: true } })).expiresAt;
    const kept = await rollToken({ ...alice, team: null }, soon.token.id, 0, TEST_CONTEXT);
    expect(kept).toMatchObject({ ok: true, policyExpiry: null });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: soon.token.id }, select: { expiresAt: true } })).expiresAt).toEqual(before);
  });

  it("a Write token from any address, when allowed IPs are required, is refused (422 policy_violation) and keeps its secret", async () => {
    const alice = await makeUser();
    const { token, secret } = await makeToken(alice, `writer-${suffix()}`, "WRITE");
    await policyIs({ requireAllowedIpsForWrite: true });
    const hash = (await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { tokenHash: true } })).tokenHash;
    const refused = await call("POST", `/api/${token.id}/roll`, { token: secret, body: { grace_seconds: 0 } });
    expect(refused.status).toBe(422);
    expect(refused.json).toMatchObject({ status: "error", errors: [{ code: "policy_violation" }] });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: token.id }, select: { tokenHash: true } })).tokenHash).toBe(hash);
    expect((await call("GET", "/api", { token: secret })).status).toBe(200);
  });
});
