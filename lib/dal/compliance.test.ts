import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// A real SMTP server on a port of this file's own: the owners' notices go through the job to it.
const port = vi.hoisted(() => {
  const chosen = 20_000 + Math.floor(Math.random() * 20_000);
  process.env.SMTP_URL = `smtp://127.0.0.1:${chosen}`;
  process.env.MAIL_FROM = "Token Console <tokens@console.test>";
  return chosen;
});

import { answerNonCompliant, complianceReport, disableBreakingTokens, policyImpact } from "@/lib/dal/compliance";
import { currentPolicy, defaultPolicy } from "@/lib/dal/policies";
import { enableToken, enableTokenAsAdmin } from "@/lib/dal/token-states";
import { runNotifyPass } from "@/lib/jobs/notify";
import { DAY_MS } from "@/lib/model";
import type { TokenPolicy } from "@/lib/policy";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";
import { startInbox, type Inbox } from "@/test/smtp-inbox";

// Issue 28's compliance view: the working tokens that break the policy in force (no expiry, too
// long-lived, write from anywhere, unused), and the admin's bulk answers, each in force at the
// token's next request. Other files' tokens may share the database: assertions name their own.

let inbox: Inbox;
beforeAll(async () => {
  inbox = await startInbox(port);
});
afterAll(() => inbox.close());

const NOW = Date.now();
const suffix = () => Math.random().toString(36).slice(2, 8);

async function setPolicy(rules: Partial<TokenPolicy>) {
  const next = { ...defaultPolicy(), ...rules };
  const row = { ...next, selfGrantable: "*" };
  await db.policy.upsert({ where: { id: "installation" }, create: { id: "installation", ...row }, update: row });
  return next;
}

/** One token of each kind, made under no rule, then a policy that four of them break. */
async function fixture() {
  await db.policy.deleteMany({});
  const owner = await makeUser();
  const name = (kind: string) => `${kind}-${suffix()}`;
  const forever = await makeToken(owner, name("forever"), "READ_ONLY");
  const long = await makeToken(owner, name("long"), "READ_ONLY", [], { expiresAt: new Date(NOW + 200 * DAY_MS) });
  const writer = await makeToken(owner, name("writer"), "WRITE", [], { expiresAt: new Date(NOW + 10 * DAY_MS) });
  const idle = await makeToken(owner, name("idle"), "READ_ONLY", [], { expiresAt: new Date(NOW + 10 * DAY_MS) });
  await db.apiToken.update({ where: { id: idle.token.id }, data: { createdAt: new Date(NOW - 50 * DAY_MS), lastUsedAt: null } });
  const fine = await makeToken(owner, name("fine"), "READ_ONLY", [], { expiresAt: new Date(NOW + 10 * DAY_MS) });
  const expired = await makeToken(owner, name("expired"), "READ_ONLY");
  await db.apiToken.update({ where: { id: expired.token.id }, data: { expiresAt: new Date(NOW - DAY_MS) } });
  await setPolicy({ maxLifetimeDays: 90, requireAllowedIpsForWrite: true, inactivityWarnDays: 30, inactivityDisableDays: 60 });
  return { owner, forever, long, writer, idle, fine, expired };
}

const stateOf = (id: string) => db.apiToken.findUnique({ where: { id }, select: { status: true, disabledReason: true } });

beforeEach(() => {
  inbox.messages.splice(0);
});

describe("the compliance view", () => {
  it("lists each working token that breaks the policy with its problems, by problem on request; admins only", async () => {
    const admin = await makeAdmin();
    const t = await fixture();
    const report = await complianceReport(admin, null, NOW);
    const problems = new Map(report.tokens.map((token) => [token.id, token.problems]));
    expect(problems.get(t.forever.token.id)).toEqual(["expiry_required"]);
    expect(problems.get(t.long.token.id)).toEqual(["too_long"]);
    expect(problems.get(t.writer.token.id)).toEqual(["allowed_ips_required"]);
    expect(problems.get(t.idle.token.id)).toEqual(["unused"]);
    expect(problems.has(t.fine.token.id)).toBe(false);
    expect(problems.has(t.expired.token.id)).toBe(false);
    expect(report.unusedDays).toBe(30);
    expect(report.mail).toBe(true);
    expect(report.total).toBeGreaterThanOrEqual(4);
    expect(report.counts.unused).toBeGreaterThanOrEqual(1);

    const unusedOnly = await complianceReport(admin, "unused", NOW);
    expect(unusedOnly.tokens.map((token) => token.id)).toContain(t.idle.token.id);
    expect(unusedOnly.tokens.every((token) => token.problems.includes("unused"))).toBe(true);
    // The counts are of every problem, whatever is shown.
    expect(unusedOnly.counts).toEqual(report.counts);

    // The impact of a policy counts its rules, not disuse (the inactivity rule's business).
    const impact = await policyImpact(admin, await currentPolicy(), NOW);
    const { unused: _unused, ...rules } = report.counts;
    void _unused;
    expect(impact).toMatchObject(rules);
    expect(impact.tokens).toBeGreaterThanOrEqual(3);
    expect(impact.tokens).toBeLessThanOrEqual(report.total);
    await expect(complianceReport(t.owner, null)).rejects.toThrow();
  });

  it("notifies owners by email (audited; the token keeps working), at most once a day per token, never with a secret", async () => {
    const admin = await makeAdmin();
    const t = await fixture();
    const done = await answerNonCompliant(admin, "notify", [t.forever.token.id, t.fine.token.id], {
      meta: { ...TEST_CONTEXT.meta, at: new Date() },
    });
    // The compliant one is not told anything.
    expect(done).toBe(1);
    await runNotifyPass(new Date());
    // (The owner also had each token's "New API token" email, and the expired one's.)
    const mail = inbox.messages.filter((message) => message.to === t.owner.email && message.subject.includes("policy"));
    expect(mail.map((message) => message.subject)).toEqual([`API token “${t.forever.token.name}” does not meet this console's policy`]);
    expect(mail[0]!.text).toContain("no expiry");
    expect(mail[0]!.text).not.toContain(t.forever.secret);
    const event = await db.auditEvent.findFirst({ where: { action: "token.policy_notified", targetTokenId: t.forever.token.id } });
    expect(event).toMatchObject({ actorUserId: admin.id, detail: "no expiry" });
    expect((await call("GET", "/account/info", { token: t.forever.secret })).status).toBe(200);
    // Pressed again the same day: nobody is emailed twice about one token.
    expect(await answerNonCompliant(admin, "notify", [t.forever.token.id], { meta: { ...TEST_CONTEXT.meta, at: new Date() } })).toBe(0);
    expect(await db.notification.count({ where: { tokenId: t.forever.token.id, kind: "token.policy_notice" } })).toBe(1);
  });

  it("disables in bulk: refused at the next request, only an admin enables it again; a token mended meanwhile is left alone", async () => {
    const admin = await makeAdmin();
    const t = await fixture();
    // Mended after the list was read: an allowed IP on the write token.
    await db.apiToken.update({ where: { id: t.writer.token.id }, data: { allowedIps: "203.0.113.0/24" } });
    const done = await answerNonCompliant(admin, "disable", [t.long.token.id, t.writer.token.id, t.fine.token.id], TEST_CONTEXT);
    expect(done).toBe(1);
    expect(await stateOf(t.long.token.id)).toEqual({ status: "disabled", disabledReason: "policy" });
    expect(await stateOf(t.writer.token.id)).toMatchObject({ status: "active" });
    expect(await stateOf(t.fine.token.id)).toMatchObject({ status: "active" });
    const refused = await call("GET", "/account/info", { token: t.long.secret });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ errors: [{ code: "token_disabled" }] });
    const event = await db.auditEvent.findFirst({ where: { action: "token.disabled", targetTokenId: t.long.token.id } });
    expect(event?.detail).toBe("disabled (policy: lasts longer than the maximum lifetime)");
    expect(await enableToken({ ...t.owner, team: null }, t.long.token.id, TEST_CONTEXT)).toEqual({ ok: false, reason: "admin_only" });
    expect(await enableTokenAsAdmin(admin, t.long.token.id, TEST_CONTEXT)).toMatchObject({ ok: true, changed: true });
    expect((await call("GET", "/account/info", { token: t.long.secret })).status).toBe(200);
  });

  it("revokes in bulk (each an admin's revocation); ids that are not working tokens change nothing", async () => {
    const admin = await makeAdmin();
    const t = await fixture();
    const done = await answerNonCompliant(
      admin,
      "revoke",
      [t.idle.token.id, t.expired.token.id, "no-such-token", t.fine.token.id],
      TEST_CONTEXT,
    );
    expect(done).toBe(1);
    expect(await stateOf(t.idle.token.id)).toBeNull();
    expect(await stateOf(t.expired.token.id)).not.toBeNull();
    expect(await stateOf(t.fine.token.id)).not.toBeNull();
    expect((await call("GET", "/account/info", { token: t.idle.secret })).status).toBe(401);
    await expect(answerNonCompliant(t.owner, "revoke", [t.forever.token.id], TEST_CONTEXT)).rejects.toThrow();
    expect(await stateOf(t.forever.token.id)).not.toBeNull();
  });

  it("a policy saved with “disable them now” disables what its rules refuse, not what is merely unused", async () => {
    const admin = await makeAdmin();
    const t = await fixture();
    const disabled = await disableBreakingTokens(admin, await currentPolicy(), TEST_CONTEXT);
    expect(disabled).toBeGreaterThanOrEqual(3);
    for (const breaking of [t.forever, t.long, t.writer])
      expect(await stateOf(breaking.token.id)).toEqual({ status: "disabled", disabledReason: "policy" });
    expect(await stateOf(t.idle.token.id)).toMatchObject({ status: "active" });
    expect(await stateOf(t.fine.token.id)).toMatchObject({ status: "active" });
    // Then nothing left breaks those rules.
    expect((await policyImpact(admin, await currentPolicy())).tokens).toBe(0);
  });
});
