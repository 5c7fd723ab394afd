import { beforeEach, describe, expect, it } from "vitest";
import { approveToken } from "@/lib/dal/approvals";
import { applyInactivity } from "@/lib/dal/inactivity";
import { revocationNotices } from "@/lib/dal/revocation-notices";
import { defaultPolicy } from "@/lib/dal/policies";
import { enableToken } from "@/lib/dal/token-states";
import { DAY_MS } from "@/lib/model";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// Issue 28: the policy's inactivity rule, applied by the jobs runner. Time is moved by passing the
// pass its `now` and by writing lastUsedAt/createdAt in the past, never by sleeping.

const T0 = Date.now();
const ago = (days: number) => new Date(T0 - days * DAY_MS);
const suffix = () => Math.random().toString(36).slice(2, 8);

async function rule(warn: number | null, disable: number | null) {
  const row = { ...defaultPolicy(), selfGrantable: "*", inactivityWarnDays: warn, inactivityDisableDays: disable };
  await db.policy.upsert({ where: { id: "installation" }, create: { id: "installation", ...row }, update: row });
}

async function tokenUsed(daysAgo: number | null, createdDaysAgo = 200) {
  const owner = await makeUser();
  const made = await makeToken(owner, `t-${suffix()}`, "READ_ONLY");
  await db.apiToken.update({
    where: { id: made.token.id },
    data: { createdAt: ago(createdDaysAgo), lastUsedAt: daysAgo === null ? null : ago(daysAgo) },
  });
  return { owner, ...made };
}

const state = (id: string) =>
  db.apiToken.findUniqueOrThrow({ where: { id }, select: { status: true, disabledReason: true, inactivityWarnedAt: true } });

beforeEach(async () => {
  await db.policy.deleteMany({});
});

describe("the inactivity rule", () => {
  it("does nothing without a rule", async () => {
    const old = await tokenUsed(400);
    expect(await applyInactivity(new Date(T0))).toEqual({ warned: 0, disabled: 0 });
    expect(await state(old.token.id)).toMatchObject({ status: "active", inactivityWarnedAt: null });
  });

  it("disables a token unused past the limit (audited, refused at its next request), warns one past the warning, leaves the rest", async () => {
    await rule(30, 90);
    const stale = await tokenUsed(100);
    const quiet = await tokenUsed(40);
    const busy = await tokenUsed(2);
    const neverUsedYoung = await tokenUsed(null, 10);
    const neverUsedOld = await tokenUsed(null, 120);
    const result = await applyInactivity(new Date(T0));
    expect(result.disabled).toBeGreaterThanOrEqual(2);
    expect(await state(stale.token.id)).toMatchObject({ status: "disabled", disabledReason: "inactivity" });
    expect(await state(neverUsedOld.token.id)).toMatchObject({ status: "disabled", disabledReason: "inactivity" });
    expect(await state(quiet.token.id)).toMatchObject({ status: "active", inactivityWarnedAt: new Date(T0) });
    expect(await state(busy.token.id)).toMatchObject({ status: "active", inactivityWarnedAt: null });
    expect(await state(neverUsedYoung.token.id)).toMatchObject({ status: "active", inactivityWarnedAt: null });
    const event = await db.auditEvent.findFirst({
      where: { action: "token.disabled", targetTokenId: stale.token.id },
      select: { detail: true },
    });
    expect(event?.detail).toContain("unused for 90 days");
    const refused = await call("GET", "/account/info", { token: stale.secret });
    expect(refused.status).toBe(401);
    expect(refused.json).toMatchObject({ errors: [{ code: "token_disabled" }] });
    // Its owner is told on their page too, not only by email.
    expect((await revocationNotices(stale.owner)).map(({ kind, reason }) => ({ kind, reason }))).toEqual([
      { kind: "disabled", reason: "inactivity" },
    ]);
    // Its owner may enable it again: the rule, not an admin, disabled it.
    expect(await enableToken({ ...stale.owner, team: null }, stale.token.id, TEST_CONTEXT)).toMatchObject({ ok: true });
    expect((await call("GET", "/account/info", { token: stale.secret })).status).toBe(200);
  });

  it("an enable or an approval restarts the count: the next pass keeps the token, one after the limit disables it", async () => {
    await rule(null, 90);
    const stale = await tokenUsed(100);
    await applyInactivity(new Date(T0));
    expect(await state(stale.token.id)).toMatchObject({ status: "disabled" });
    expect(await enableToken({ ...stale.owner, team: null }, stale.token.id, TEST_CONTEXT)).toMatchObject({ ok: true });
    await applyInactivity(new Date(Date.now() + DAY_MS));
    expect(await state(stale.token.id)).toMatchObject({ status: "active" });
    await applyInactivity(new Date(Date.now() + 91 * DAY_MS));
    expect(await state(stale.token.id)).toMatchObject({ status: "disabled", disabledReason: "inactivity" });

    // A token that waited 120 days for its approval is approved today: not disabled tonight.
    const waited = await tokenUsed(null, 120);
    await db.apiToken.update({ where: { id: waited.token.id }, data: { status: "pending" } });
    expect(await approveToken(await makeAdmin(), waited.token.id, TEST_CONTEXT)).toMatchObject({ ok: true });
    await applyInactivity(new Date(Date.now() + DAY_MS));
    expect(await state(waited.token.id)).toMatchObject({ status: "active" });
  });

  it("warns once per period: not again at the next pass, again after a use and a new quiet period", async () => {
    await rule(30, null);
    const quiet = await tokenUsed(40);
    await applyInactivity(new Date(T0));
    const first = await state(quiet.token.id);
    expect(first.inactivityWarnedAt).toEqual(new Date(T0));
    await applyInactivity(new Date(T0 + DAY_MS));
    expect(await state(quiet.token.id)).toEqual(first);
    // Used a day after the warning, then quiet for 31 days: warned again.
    await db.apiToken.update({ where: { id: quiet.token.id }, data: { lastUsedAt: new Date(T0 + DAY_MS) } });
    await applyInactivity(new Date(T0 + 10 * DAY_MS));
    expect(await state(quiet.token.id)).toEqual(first);
    await applyInactivity(new Date(T0 + 32 * DAY_MS));
    expect((await state(quiet.token.id)).inactivityWarnedAt).toEqual(new Date(T0 + 32 * DAY_MS));
  });

  it("two passes at once disable each token once; expired and non-active tokens are left alone", async () => {
    await rule(null, 90);
    const stale = await tokenUsed(100);
    const expired = await tokenUsed(100);
    await db.apiToken.update({ where: { id: expired.token.id }, data: { expiresAt: ago(5) } });
    const pending = await tokenUsed(100);
    await db.apiToken.update({ where: { id: pending.token.id }, data: { status: "pending" } });
    await Promise.all([applyInactivity(new Date(T0)), applyInactivity(new Date(T0))]);
    expect(await db.auditEvent.count({ where: { action: "token.disabled", targetTokenId: stale.token.id } })).toBe(1);
    expect(await state(expired.token.id)).toMatchObject({ status: "active" });
    expect(await state(pending.token.id)).toMatchObject({ status: "pending" });
  });
});
