import "server-only";
import type { Actor } from "@/lib/dal/access";
import { appendEvent, recordEvent } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { enqueueNotice } from "@/lib/dal/notifications";
import { findTokenByHash, snapshot, snapshotSelect } from "@/lib/dal/tokens";
import type { LeakNoticeRow } from "@/lib/model";
import { secrets } from "@/lib/server/secrets.mjs";
import { db, writeTransaction } from "@/lib/server/db";
import { hashToken, isWellFormedToken } from "@/lib/server/token-format";
import { countRevocation } from "@/lib/server/metrics.mjs";
import { cleanNote } from "@/lib/validation/text";

// Leaked tokens: reported by GitHub's secret scanning (app/v2/secret-scanning/github) or by
// anyone through the public revocation endpoint (app/v2/credentials/revoke). A report that is
// one of our live tokens is audited, revokes it at once (or, with LEAKED_TOKEN_ACTION=notify,
// only tells its owner), leaves a notice on the owner's API Token page, and emails them.

export type LeakReporter = "github" | "public";
export type LeakReport = { token: string; url?: string; source?: string };
export type LeakAction = "revoke" | "notify";

/** Where it was found, kept only when it is a web address: the owner's notice links to it. */
function webAddress(given: string | undefined): string | undefined {
  const url = cleanNote(given, 2_000);
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
}

const REPORTERS: Record<LeakReporter, string> = { github: "GitHub secret scanning", public: "the public revocation endpoint" };

const describeReport = (reporter: LeakReporter, report: LeakReport) =>
  [`reported by ${REPORTERS[reporter]}`, report.source && `source ${report.source}`, report.url && `at ${report.url}`]
    .filter(Boolean)
    .join(", ");

/**
 * True for each string that was one of our live tokens. One that is not token-shaped, or fails
 * the checksum, costs no query; each match gets a transaction of its own.
 */
export async function reportLeakedTokens(reports: LeakReport[], reporter: LeakReporter, action: LeakAction, meta: RequestMeta) {
  const pepper = secrets().tokenPepper;
  const results: boolean[] = [];
  for (const report of reports) {
    if (!isWellFormedToken(report.token)) {
      results.push(false);
      continue;
    }
    // The API's own lookup, so that "live" means here what it means there: the current secret,
    // or a rolled token's previous one while its overlap runs (a leaked one still opens it).
    const live = await findTokenByHash(hashToken(report.token, pepper));
    // A broken note (a lone surrogate cannot be stored) is dropped, never the revocation with it.
    const cleaned = { token: report.token, url: webAddress(report.url), source: cleanNote(report.source, 100) };
    results.push(live ? await handleMatch(live.tokenId, live.userId, cleaned, reporter, action, meta) : false);
  }
  return results;
}

async function handleMatch(
  tokenId: string,
  userId: string,
  report: LeakReport,
  reporter: LeakReporter,
  action: LeakAction,
  meta: RequestMeta,
) {
  const at = meta.at ?? new Date();
  let revoked = false;
  const handled = await writeTransaction(
    async (tx) => {
      revoked = false;
      // Deleted since the lookup (another report, its owner): nothing left to do.
      const token = await tx.apiToken.findUnique({ where: { id: tokenId }, select: snapshotSelect });
      if (!token) return false;
      const leaked = snapshot(token);
      const detail = describeReport(reporter, report);
      await appendEvent(tx, { action: "token.leak_reported", token: leaked, detail, meta });
      const revoke = action === "revoke";
      if (revoke) {
        await tx.apiToken.delete({ where: { id: token.id } });
        await appendEvent(tx, { action: "token.revoked_leaked", token: leaked, detail, meta });
        revoked = true;
      } else {
        // Only told: one notice per place it was found, however often it is reported there.
        const told = await tx.leakNotice.findFirst({
          where: { tokenId: token.id, url: report.url ?? null, dismissedAt: null },
          select: { id: true },
        });
        if (told) return true;
      }
      await tx.leakNotice.create({
        data: {
          userId: token.user.id,
          tokenId: token.id,
          tokenName: token.name,
          tokenPrefix: token.displayPrefix,
          reporter,
          url: report.url ?? null,
          source: report.source ?? null,
          revoked: revoke,
          createdAt: at,
        },
      });
      await enqueueNotice(tx, "token.leaked", leaked, {
        at,
        occasion: `leak:${at.toISOString()}`,
        leak: { revoked: revoke, url: report.url, reporter: REPORTERS[reporter] },
      });
      return true;
    },
    { lock: ["user", userId] },
  );
  if (revoked) countRevocation("leaked");
  return handled;
}

export async function recordRevocationRequest(count: number, matched: number, meta: RequestMeta): Promise<void> {
  await recordEvent({
    action: "credentials.revoke_requested",
    detail: `${count} credential${count === 1 ? "" : "s"} sent, ${matched} matched`,
    meta,
  });
}

// --- The owner's view ---------------------------------------------------------------------------

export async function leakNotices(actor: Actor): Promise<LeakNoticeRow[]> {
  const rows = await db.leakNotice.findMany({
    where: { userId: actor.id, dismissedAt: null },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, tokenName: true, tokenPrefix: true, reporter: true, url: true, revoked: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, reporter: row.reporter === "github" ? "github" : "public", createdAt: row.createdAt.toISOString() }));
}

/** Dismisses one of the actor's notices; another user's id, or one dismissed already, changes nothing. */
export async function dismissLeakNotice(actor: Actor, id: string): Promise<boolean> {
  const { count } = await writeTransaction(
    (tx) => tx.leakNotice.updateMany({ where: { id, userId: actor.id, dismissedAt: null }, data: { dismissedAt: new Date() } }),
    { lock: ["user", actor.id] },
  );
  return count > 0;
}
