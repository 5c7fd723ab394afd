import "server-only";
import { Webhook } from "standardwebhooks";
import {
  claimDueDeliveries,
  endpointHost,
  endpointOwnerEmail,
  recordAttempt,
  scanExpiryWebhooks,
  type DueDelivery,
} from "@/lib/dal/webhooks";
import { startPeriodicJob } from "@/lib/jobs/periodic";
import { platformTimestamp } from "@/lib/platform-time";
import { env } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { countWebhookDelivery } from "@/lib/server/metrics.mjs";
import { mailConfigured, sendMail } from "@/lib/server/mail";
import { postWebhook } from "@/lib/server/webhook-transport";

// The webhook delivery job (issue 29): every few seconds on every instance, it claims the due
// deliveries of the outbox (lib/dal/webhooks.ts) and posts each, signed per Standard Webhooks.

/** The Standard Webhooks headers for one attempt: the same id on every attempt, a signature per live secret. */
export function signedHeaders(delivery: Pick<DueDelivery, "id" | "endpoint">, body: string, at: Date): Record<string, string> {
  const signatures = delivery.endpoint.secrets.map((secret) => new Webhook(secret).sign(delivery.id, at, body));
  return {
    "webhook-id": delivery.id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
    "user-agent": "TokenConsole-Webhooks/1",
  };
}

/**
 * Slack's control characters in text anyone may choose (a token's name, a leak report's detail):
 * escaped, so `<!channel>` or `<https://evil|Sign in>` is shown as typed, never a ping or a link.
 */
const slackText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A Slack incoming webhook's body: one line of text saying what happened. */
export function slackBody(payload: string): string {
  const event = JSON.parse(payload) as { type: string; timestamp: string; data: Record<string, unknown> };
  const token = event.data.token as { name?: string; display_prefix?: string } | undefined;
  const parts = [`*${slackText(event.type)}*`];
  if (token?.name) parts.push(`token “${slackText(token.name)}” (${slackText(token.display_prefix ?? "")}…)`);
  if (typeof event.data.detail === "string") parts.push(slackText(event.data.detail));
  if (typeof event.data.message === "string") parts.push(slackText(event.data.message));
  parts.push(`at ${platformTimestamp(event.timestamp)} UTC`);
  return JSON.stringify({ text: `Token Console: ${parts.join(" · ")}` });
}

async function deliver(delivery: DueDelivery, now: Date) {
  const body = delivery.endpoint.format === "slack" ? slackBody(delivery.payload) : delivery.payload;
  const result = await postWebhook(delivery.endpoint.url, signedHeaders(delivery, body, new Date()), body);
  const outcome = await recordAttempt(delivery, result, now);
  countWebhookDelivery(result.ok ? "delivered" : "refused" in result && result.refused ? "refused" : "failed");
  if (outcome === "failed") {
    countWebhookDelivery("disabled");
    await tellOwner(delivery);
  }
  log[result.ok ? "info" : "warn"]("webhook.attempt", {
    deliveryId: delivery.id,
    endpointId: delivery.endpoint.id,
    eventType: delivery.eventType,
    attempt: delivery.attempts,
    status: result.status,
    outcome,
    ...(result.ok ? {} : { error: result.error }),
  });
  return outcome;
}

async function tellOwner(delivery: DueDelivery) {
  log.warn("webhook.endpoint_disabled", { endpointId: delivery.endpoint.id });
  if (!mailConfigured()) return;
  const email = await endpointOwnerEmail(delivery.endpoint);
  if (!email) return;
  const page = env().PUBLIC_URL ? `${env().PUBLIC_URL}/webhooks/${delivery.endpoint.id}` : "the console's Webhooks page";
  await sendMail({
    to: email,
    subject: "A webhook endpoint was disabled: every delivery failed for a day",
    text: `Token Console could not deliver events to ${endpointHost(delivery.endpoint.url)} for 24 hours, so the endpoint is now disabled. The deliveries still waiting are kept and go out when you enable it again; events from now until then are not recorded for it.\n\nFix the receiver, then enable the endpoint again: ${page}\n\nThis is an automatic notice from Token Console.`,
  }).catch((error: unknown) => log.warn("webhook.notice_failed", { endpointId: delivery.endpoint.id, error: String(error) }));
}

/** One pass: the expiry events due, then every due delivery, a batch at a time. */
export async function runWebhookPass(now = new Date()): Promise<{ delivered: number; retrying: number; failed: number }> {
  await scanExpiryWebhooks(now);
  const totals = { delivered: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < 20; round++) {
    const batch = await claimDueDeliveries(now);
    if (batch.length === 0) break;
    for (const outcome of await Promise.all(batch.map((delivery) => deliver(delivery, now)))) totals[outcome]++;
  }
  return totals;
}

/** Runs a pass now (Send test event), beside the periodic ones: a claim keeps the two apart. */
export function deliverSoon(): void {
  void runWebhookPass().catch((error: unknown) => log.error("webhook.pass_failed", { error: String(error) }));
}

export function startWebhookJob(): void {
  startPeriodicJob("webhook-job", { everyMs: 2_000, firstAfterMs: 2_000 }, runWebhookPass, (error) =>
    log.error("webhook.pass_failed", { error: String(error) }),
  );
}
