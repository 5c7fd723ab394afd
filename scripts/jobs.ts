// `npm run jobs -- notify`: one pass of the notification job (the email notices of lib/dal/notifications.ts);
// `npm run jobs -- prune`: one pass of activity's retention (lib/dal/activity.ts);
// `npm run jobs -- inactivity`: one pass of the policy's inactivity rule (lib/dal/inactivity.ts). For
// deployments that prefer cron to the passes every server runs (every 2 and 10 minutes, every
// hour). Safe beside them.
import { loadDotEnv } from "@/lib/server/command.mjs";

async function main(argv: string[]): Promise<number> {
  if (!["notify", "prune", "inactivity"].includes(argv[0] ?? "") || argv.length > 1) {
    console.error("Usage: npm run jobs -- notify | prune | inactivity");
    return 2;
  }
  loadDotEnv();
  if (argv[0] === "prune") {
    const { runPrunePass } = await import("@/lib/jobs/activity");
    const { buckets, requests } = await runPrunePass();
    console.log(`Activity pruned: ${buckets} buckets, ${requests} logged requests.`);
    return 0;
  }
  if (argv[0] === "inactivity") {
    const { runInactivityPass } = await import("@/lib/jobs/inactivity");
    const { warned, disabled } = await runInactivityPass();
    console.log(`Unused tokens: ${warned} owners warned, ${disabled} tokens disabled.`);
    return 0;
  }
  const { mailConfigured } = await import("@/lib/server/mail");
  if (!mailConfigured()) {
    console.error("Refused: SMTP_URL is not set, so there is nothing to send.");
    return 1;
  }
  const { runNotifyPass } = await import("@/lib/jobs/notify");
  const { written, sent, failed } = await runNotifyPass();
  console.log(`Notices written: ${written}; sent: ${sent}; failed: ${failed}.`);
  return failed > 0 ? 1 : 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
