// `npm run jobs -- notify`: one pass of the notification job (the email notices of lib/dal/notifications.ts),
// for deployments that prefer cron to the pass every server runs every two minutes. Safe beside them.
import { loadDotEnv } from "@/lib/server/command.mjs";

async function main(argv: string[]): Promise<number> {
  if (argv[0] !== "notify" || argv.length > 1) {
    console.error("Usage: npm run jobs -- notify");
    return 2;
  }
  loadDotEnv();
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
