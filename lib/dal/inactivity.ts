import "server-only";
import { appendEvent } from "@/lib/dal/audit";
import { currentPolicy } from "@/lib/dal/policies";
import { leaveRevocationNotice } from "@/lib/dal/revocation-notices";
import { noticeToOwner } from "@/lib/dal/token-state-notices";
import { snapshot, snapshotSelect } from "@/lib/dal/tokens";
import { DAY_MS } from "@/lib/model";
import { db, writeTransaction } from "@/lib/server/db";

// The policy's inactivity rule, applied by the jobs runner (lib/jobs/inactivity.ts): a token unused
// (its last use, or its creation when never used) for inactivityWarnDays gets its owner warned,
// once per period; for inactivityDisableDays it is disabled ("inactivity": its owner may enable it
// again). Every write is guarded by its where clause, so instances running the pass together, or
// a use landing meanwhile, change each token once or not at all.

const BATCH = 200;

/** Working tokens (not yet expired) unused since `cutoff`, and active since before it (an enable or an approval restarts the count). */
const unusedSince = (cutoff: Date, now: Date) => ({
  status: "active",
  AND: [
    { OR: [{ lastUsedAt: { lt: cutoff } }, { lastUsedAt: null, createdAt: { lt: cutoff } }] },
    { OR: [{ activeSince: null }, { activeSince: { lt: cutoff } }] },
    { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  ],
});

export async function applyInactivity(now = new Date()): Promise<{ warned: number; disabled: number }> {
  const policy = await currentPolicy();
  let disabled = 0;
  let warned = 0;
  const meta = { ip: null, userAgent: "inactivity job", at: now };
  if (policy.inactivityDisableDays !== null) {
    const days = policy.inactivityDisableDays;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    for (;;) {
      const due = await db.apiToken.findMany({ where: unusedSince(cutoff, now), select: { id: true }, take: BATCH });
      let changed = 0;
      for (const { id } of due) {
        const done = await writeTransaction(
          async (tx) => {
            const moved = await tx.apiToken.updateMany({
              where: { id, ...unusedSince(cutoff, now) },
              data: { status: "disabled", disabledAt: now, disabledReason: "inactivity" },
            });
            if (moved.count === 0) return false;
            const token = snapshot(await tx.apiToken.findUniqueOrThrow({ where: { id }, select: snapshotSelect }));
            await appendEvent(tx, {
              action: "token.disabled",
              token,
              detail: `unused for ${days} days (the policy's inactivity rule)`,
              meta,
            });
            await noticeToOwner(tx, "token.inactive_disabled", token, now, String(days));
            await leaveRevocationNotice(tx, token, now, { kind: "disabled", reason: "inactivity" });
            return true;
          },
          { lock: ["token", id] },
        );
        if (done) changed++;
      }
      disabled += changed;
      if (due.length < BATCH || changed === 0) break;
    }
  }
  if (policy.inactivityWarnDays !== null) {
    const days = policy.inactivityWarnDays;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let cursor: string | undefined;
    for (;;) {
      const rows = await db.apiToken.findMany({
        where: unusedSince(cutoff, now),
        select: { id: true, lastUsedAt: true, inactivityWarnedAt: true },
        orderBy: { id: "asc" },
        take: BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      // Warned once per period: again only when it was used after the last warning.
      const due = rows.filter(
        (row) => row.inactivityWarnedAt === null || (row.lastUsedAt !== null && row.lastUsedAt > row.inactivityWarnedAt),
      );
      for (const row of due) {
        const done = await writeTransaction(
          async (tx) => {
            const moved = await tx.apiToken.updateMany({
              where: { id: row.id, inactivityWarnedAt: row.inactivityWarnedAt, ...unusedSince(cutoff, now) },
              data: { inactivityWarnedAt: now },
            });
            if (moved.count === 0) return false;
            const token = snapshot(await tx.apiToken.findUniqueOrThrow({ where: { id: row.id }, select: snapshotSelect }));
            await noticeToOwner(tx, "token.inactive_warning", token, now, String(days));
            return true;
          },
          { lock: ["token", row.id] },
        );
        if (done) warned++;
      }
      if (rows.length < BATCH) break;
      cursor = rows.at(-1)!.id;
    }
  }
  return { warned, disabled };
}
