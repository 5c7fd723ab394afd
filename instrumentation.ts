// Next.js runs this once when a server starts: the background work of the console begins here.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // /metrics (lib/server/metrics.mjs) counts tokens by state through the data layer.
  const { countTokensByState } = await import("@/lib/dal/token-states");
  const { provideTokenStates } = await import("@/lib/server/metrics.mjs");
  provideTokenStates(countTokensByState);
  const { startNotifyJob } = await import("@/lib/jobs/notify");
  startNotifyJob();
  const { startPruneJob } = await import("@/lib/jobs/activity");
  startPruneJob();
  const { startInactivityJob } = await import("@/lib/jobs/inactivity");
  startInactivityJob();
  const { startWebhookJob } = await import("@/lib/jobs/webhooks");
  startWebhookJob();
}
