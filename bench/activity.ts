// Activity at scale (issue 26): 10 million recorded requests against a near-empty database, read
// by the token's Activity (the same DAL functions as GET /v2/api/{id}/usage and /requests, which
// are timed) and the admin Overview; and what recording costs a request, against the server's
// whole CPU per authenticated request.
import Database from "better-sqlite3";
import type { RunningServer } from "../e2e/support/server";
import type { ActivityFigures } from "./report";
import { cannon, log, median, quick, round } from "./support";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const stamp = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** The requests at scale: 10 million over 30 days, across 1,000 busy tokens (1,000 and 100,000 with --quick). */
export const ACTIVITY_SCALE = quick ? { tokens: 100, requestsPerToken: 1_000 } : { tokens: 1_000, requestsPerToken: 10_000 };

/**
 * Buckets and log lines as the recorder writes them, for `tokenIds` each making `requestsPerToken`
 * requests spread evenly over the last 30 days (2% refused for a permission), from two addresses.
 */
export function seedActivity(file: string, tokenIds: string[], requestsPerToken: number, now = Date.now()) {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const count = db.prepare(
    `INSERT INTO "TokenUsage" ("tokenId","span","start","dimension","value","count") VALUES (?,?,?,?,?,?)
     ON CONFLICT DO UPDATE SET "count" = "count" + excluded."count"`,
  );
  const line = db.prepare(
    `INSERT INTO "TokenRequest" ("id","tokenId","at","method","path","status","outcome","ip","client","requestId") VALUES (?,?,?,?,?,?,?,?,?,?)`,
  );
  const hours = 30 * 24;
  const perHour = requestsPerToken / hours;
  const hourNow = now - (now % HOUR);
  db.transaction(() => {
    for (const [t, tokenId] of tokenIds.entries()) {
      for (let h = 0; h < hours; h++) {
        const start = hourNow - h * HOUR;
        const day = start - (start % DAY);
        const refused = h % 50 === 0 ? Math.max(1, Math.round(perHour)) : 0;
        const ok = Math.max(0, Math.round(perHour) - refused);
        const rows: Array<[string, string, number]> = [
          ["outcome", "ok", ok],
          ["outcome", "denied_permission", refused],
          ["permission", "dns:read", ok],
          ["permission", "dns:write", refused],
          ["status", "2xx", ok],
          ["status", "4xx", refused],
          ["address", `203.0.113.${t % 250}`, ok],
          ["address", "198.51.100.7", refused],
          ["client", "Go SDK", ok + refused],
          ["total", "", ok + refused],
        ];
        for (const [dimension, value, n] of rows) {
          if (n === 0) continue;
          count.run(tokenId, "h", stamp(start), dimension, value, n);
          count.run(tokenId, "d", stamp(day), dimension, value, n);
          if (dimension === "outcome") {
            count.run("", "h", stamp(start), dimension, value, n);
            count.run("", "d", stamp(day), dimension, value, n);
            if (h < 48) count.run(tokenId, "m", stamp(start + (h % 60) * 60_000), dimension, value, n);
          }
        }
      }
      // The log keeps a token's last 1,000.
      for (let i = 0; i < Math.min(1_000, requestsPerToken); i++) {
        const at = now - i * 60_000;
        const denied = i % 50 === 0;
        line.run(
          `${at.toString(36)}${String(t).padStart(5, "0")}${i}`,
          tokenId,
          stamp(at),
          denied ? "DELETE" : "GET",
          "/v2/dns/zones",
          denied ? 403 : 200,
          denied ? "denied_permission" : "ok",
          "203.0.113.7",
          "Go SDK",
          `bench-${i}`,
        );
      }
    }
  })();
  db.close();
}

async function timeGet(url: string, headers: Record<string, string>, times = 9) {
  const samples: number[] = [];
  for (let i = 0; i < times + 2; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers, redirect: "manual" });
    await response.text();
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
    if (i >= 2) samples.push(performance.now() - started);
  }
  return median(samples);
}

/** The Activity's reads and the admin Overview at scale, against the same near-empty. */
export async function activityFigures(
  big: RunningServer,
  small: RunningServer,
  tokenId: string,
  secrets: { big: string; small: string },
  cookies: { big: string; small: string },
): Promise<ActivityFigures["pages"]> {
  const reads = [
    { label: "usage, 24 hours", path: `/v2/api/${tokenId}/usage?window=24h`, api: true },
    { label: "usage, 7 days", path: `/v2/api/${tokenId}/usage?window=7d`, api: true },
    { label: "usage, 30 days", path: `/v2/api/${tokenId}/usage?window=30d`, api: true },
    { label: "request log", path: `/v2/api/${tokenId}/requests`, api: true },
    { label: "request log, refused only", path: `/v2/api/${tokenId}/requests?outcome=denied_permission`, api: true },
    { label: "/admin (Overview: 24 hours, unused 30 days)", path: "/admin", api: false },
  ];
  const figures: ActivityFigures["pages"] = {};
  for (const read of reads) {
    const as = (which: "big" | "small"): Record<string, string> =>
      read.api ? { Authorization: `Bearer ${secrets[which]}` } : { cookie: cookies[which] };
    const scaleMs = await timeGet(`${big.url}${read.path}`, as("big"));
    const emptyMs = await timeGet(`${small.url}${read.path}`, as("small"));
    figures[read.label] = { scaleMs: round(scaleMs, 1), emptyMs: round(emptyMs, 1), ratio: round(scaleMs / emptyMs) };
    log(`  ${read.label.padEnd(36)} ${round(scaleMs, 1)} ms vs ${round(emptyMs, 1)} ms: ${round(scaleMs / emptyMs)}×`);
  }
  return figures;
}

/**
 * What recording costs one request, measured in this process on a database of its own: the
 * push onto the list, its counting into buckets, and its share of the batch's write; against the
 * server's CPU per authenticated request (GET /v2/account/info under load).
 */
export async function recordingCost(server: RunningServer, secret: string, file: string): Promise<ActivityFigures["recording"]> {
  process.env.DATABASE_URL = `file:${file}`;
  const { recordRequest, flushActivity } = await import("@/lib/dal/activity-recorder");
  const n = 100_000;
  const tokens = Array.from({ length: 200 }, (_, i) => `bench-token-${i}`);
  // Warm up, then measure.
  for (const batch of [5_000, n]) {
    const started = process.cpuUsage();
    const t0 = Date.now();
    for (let i = 0; i < batch; i++)
      recordRequest({
        tokenId: tokens[i % tokens.length]!,
        at: t0 + i,
        method: "GET",
        path: "/v2/account/info",
        status: i % 50 ? 200 : 403,
        outcome: i % 50 ? "ok" : "denied_permission",
        permission: "account:read",
        ip: `203.0.113.${i % 20}`,
        userAgent: "Go-http-client/1.1",
        requestId: `bench-${i}`,
      });
    await flushActivity();
    const used = process.cpuUsage(started);
    if (batch === n) {
      const recordingMicros = (used.user + used.system) / n;
      const load = await cannon(`${server.url}/v2/account/info`, { Authorization: `Bearer ${secret}` }, undefined, server.pid);
      const requestMicros = load.cpu;
      const share = recordingMicros / Math.max(requestMicros - recordingMicros, 1);
      log(
        `  recording: ${round(recordingMicros, 2)} µs a request (counting and its share of the batch write), against ${round(requestMicros, 1)} µs of server CPU per authenticated request: +${round(share * 100, 1)}% (goal ≤ 5%)`,
      );
      return { recordingMicros: round(recordingMicros, 2), requestMicros: round(requestMicros, 1), addedPercent: round(share * 100, 1) };
    }
  }
  throw new Error("unreachable");
}
