import "server-only";
import { claimDueNotices, markNoticeFailed, markNoticeSent, scanExpiryNotices } from "@/lib/dal/notifications";
import { startPeriodicJob } from "@/lib/jobs/periodic";
import { log } from "@/lib/server/log";
import { mailConfigured, sendMail } from "@/lib/server/mail";
import { countNotice } from "@/lib/server/metrics.mjs";

// Safe on several instances at once and from cron beside them: lib/dal/notifications.ts claims
// each notice once.
export async function runNotifyPass(now = new Date()): Promise<{ written: number; sent: number; failed: number }> {
  if (!mailConfigured()) return { written: 0, sent: 0, failed: 0 };
  const written = await scanExpiryNotices(now);
  let sent = 0;
  let failed = 0;
  for (;;) {
    const batch = await claimDueNotices(now);
    if (batch.length === 0) break;
    for (const notice of batch) {
      try {
        await sendMail({ to: notice.email, subject: notice.subject, text: notice.body });
        await markNoticeSent(notice, new Date());
        countNotice("sent");
        sent++;
      } catch (error) {
        failed++;
        countNotice("failed");
        await markNoticeFailed(notice, error);
        log.warn("notification.failed", { kind: notice.kind, tokenId: notice.tokenId, error: String(error) });
      }
    }
    if (failed > 0) break; // the SMTP server is refusing: the rest waits for the next pass
  }
  if (written || sent || failed) log.info("notification.pass", { written, sent, failed });
  return { written, sent, failed };
}

export function startNotifyJob(): void {
  if (!mailConfigured()) return;
  startPeriodicJob("notify-job", { everyMs: 2 * 60_000, firstAfterMs: 5_000 }, runNotifyPass, (error) =>
    log.error("notification.pass_failed", { error: String(error) }),
  );
}
