import "server-only";
import crypto from "node:crypto";
import type { Outcome } from "@/lib/activity";
import { fastSql, type RequestLogLine, type UsageCount } from "@/lib/dal/sql";
import { env } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { batchWriter } from "@/lib/server/batch-writer";
import { describeUserAgent } from "@/lib/server/user-agent";

// What each token did, without a database write per request: a request costs one push onto a
// list; every ACTIVITY_FLUSH_SECONDS (and at shutdown) the list is counted into buckets (per
// minute, hour and day) by outcome, permission, status class, address and client, and written in
// one transaction with the request log's lines. Counts are added to what is stored, so several
// instances' add up. A database that cannot take the batch keeps it for the next flush: the
// counts merge (bounded by how many distinct buckets there are), and each token keeps only the
// newest lines its log would keep anyway.

export type RequestRecord = {
  tokenId: string;
  at: number;
  method: string;
  /** The path without its query: what the log shows. */
  path: string;
  status: number;
  outcome: Outcome;
  /** The route's permission; null when nothing grants it. */
  permission: string | null;
  ip: string;
  userAgent: string | null;
  requestId: string;
};

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Every token's requests together: the admin Overview's rows. */
export const ALL_TOKENS = "";
/** Past this many waiting requests (a database down for long), the oldest lines go; their counts stay. */
const MAX_WAITING = 200_000;

let waiting: RequestRecord[] = [];
/** Counts a failed flush could not write, merged into the next one's. */
let unwritten = new Map<string, UsageCount>();
let unwrittenLines: RequestLogLine[] = [];

/** Notes a request a token made; returns at once. */
export function recordRequest(record: RequestRecord): void {
  if (waiting.length >= MAX_WAITING) waiting.splice(0, waiting.length >> 1);
  // Only the first 512 characters are ever described: a 16 KB User-Agent is not held until the flush.
  waiting.push(record.userAgent && record.userAgent.length > 512 ? { ...record, userAgent: record.userAgent.slice(0, 512) } : record);
  batches.schedule();
}

/** Control characters never reach the log (PostgreSQL refuses NUL in text); long values are cut. */
const clean = (value: string, max: number) => value.replace(/[\u0000-\u001f\u007f]/g, "?").slice(0, max);

/** User-Agents described once each: the parser costs more than everything else here. */
const described = new Map<string, string>();
function client(userAgent: string | null): string {
  // Keyed by what is described: 5,000 distinct 16 KB User-Agents would hold 80 MB here.
  const key = userAgent?.slice(0, 512) ?? "";
  let name = described.get(key);
  if (name === undefined) {
    if (described.size >= 5_000) described.clear();
    name = clean(describeUserAgent(userAgent === null ? null : key), 100);
    described.set(key, name);
  }
  return name;
}

/**
 * Distinct addresses and clients counted per token, bucket and dimension in this process; past
 * them, "Other". Both are the client's to choose (a User-Agent per request, an IPv6 /64's 2^64
 * addresses), refused requests count too, and each distinct value is a row kept for months: the
 * top five the panel shows need no more, and the database grows no faster than they do.
 */
export const DISTINCT_KEPT = 50;
export const OTHER_VALUE = "Other";
const BOUNDED: ReadonlySet<string> = new Set(["address", "client"]);
const distinct = new Map<string, { until: number; values: Set<string> }>();
function bounded(tokenId: string, span: string, start: Date, size: number, dimension: string, value: string): string {
  if (!BOUNDED.has(dimension)) return value;
  const key = `${tokenId}\u0000${span}\u0000${start.getTime()}\u0000${dimension}`;
  let seen = distinct.get(key);
  if (!seen) distinct.set(key, (seen = { until: start.getTime() + 2 * size, values: new Set() }));
  if (seen.values.has(value)) return value;
  if (seen.values.size >= DISTINCT_KEPT) return OTHER_VALUE;
  seen.values.add(value);
  return value;
}
/** Forgets the buckets long past (run at each flush). */
function forgetDistinct(now: number) {
  for (const [key, seen] of distinct) if (seen.until < now) distinct.delete(key);
}

function add(counts: Map<string, UsageCount>, count: UsageCount) {
  const key = `${count.tokenId}\u0000${count.span}\u0000${count.start.getTime()}\u0000${count.dimension}\u0000${count.value}`;
  const existing = counts.get(key);
  if (existing) existing.count += count.count;
  else counts.set(key, count);
}

/** The batch of records as counts and log lines: each token's newest `keep` lines only. */
export function countRecords(records: RequestRecord[], keep: number) {
  // Requests alike (same token, minute, outcome, permission, status, address and client) are
  // counted together first: one key a request, then the buckets once per kind of request.
  const alike = new Map<string, { record: RequestRecord; minute: number; n: number }>();
  for (const r of records) {
    const minute = r.at - (r.at % MINUTE);
    const key = `${r.tokenId}\u0000${minute}\u0000${r.outcome}\u0000${r.permission}\u0000${r.status}\u0000${r.ip}\u0000${r.userAgent}`;
    const group = alike.get(key);
    if (group) group.n++;
    else alike.set(key, { record: r, minute, n: 1 });
  }
  const counts = new Map<string, UsageCount>();
  for (const { record: r, minute, n } of alike.values()) {
    const at = (size: number) => new Date(minute - (minute % size));
    const dimensions: Array<[string, string]> = [
      ["outcome", r.outcome],
      ["status", `${Math.floor(r.status / 100)}xx`],
      ["address", clean(r.ip, 64)],
      ["client", client(r.userAgent)],
    ];
    if (r.permission) dimensions.push(["permission", r.permission]);
    // "total" too: the Overview's busiest tokens read one row a token and bucket.
    dimensions.push(["total", ""]);
    for (const [span, size] of [
      ["h", HOUR],
      ["d", DAY],
    ] as const)
      for (const [dimension, value] of dimensions) {
        const start = at(size);
        add(counts, {
          tokenId: r.tokenId,
          span,
          start,
          dimension,
          value: bounded(r.tokenId, span, start, size, dimension, value),
          count: n,
        });
      }
    // Minutes, and every token together, by outcome only: the chart of the last hour and the Overview's.
    add(counts, { tokenId: r.tokenId, span: "m", start: new Date(minute), dimension: "outcome", value: r.outcome, count: n });
    for (const [span, size] of [
      ["m", MINUTE],
      ["h", HOUR],
      ["d", DAY],
    ] as const)
      add(counts, { tokenId: ALL_TOKENS, span, start: at(size), dimension: "outcome", value: r.outcome, count: n });
  }

  const lines: RequestLogLine[] = [];
  const linesPerToken = new Map<string, number>();
  // Newest first, so that a token past its log's length keeps its newest lines.
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    const logged = linesPerToken.get(r.tokenId) ?? 0;
    if (logged >= keep) continue;
    linesPerToken.set(r.tokenId, logged + 1);
    lines.push({
      id: lineId(r.at),
      tokenId: r.tokenId,
      at: new Date(r.at),
      method: clean(r.method, 16),
      path: clean(r.path, 300),
      status: r.status,
      outcome: r.outcome,
      ip: clean(r.ip, 64),
      client: client(r.userAgent),
      requestId: clean(r.requestId, 100),
    });
  }
  return { counts, lines };
}

/** Sorts by time within a millisecond (the log's order is (at, id)), and never repeats: this process's tag and a sequence. */
const PROCESS_TAG = crypto.randomBytes(3).toString("hex");
let sequence = 0;
const lineId = (at: number) =>
  `${at.toString(36).padStart(9, "0")}${PROCESS_TAG}${(sequence++ % 2_176_782_336).toString(36).padStart(6, "0")}`;

const batches = batchWriter(write, {
  everyMs: () => env().ACTIVITY_FLUSH_SECONDS * 1000,
  pending: () => waiting.length > 0 || unwritten.size > 0,
});

/** Writes what has been counted; exported for tests, and run at a clean shutdown. */
export const flushActivity = batches.flush;

async function write(): Promise<void> {
  if (waiting.length === 0 && unwritten.size === 0) return;
  const keep = env().ACTIVITY_REQUESTS_KEPT;
  const records = waiting;
  waiting = [];
  forgetDistinct(Date.now());
  const { counts, lines } = countRecords(records, keep);
  for (const count of unwritten.values()) add(counts, count);
  // The lines that waited are older than these: after them, up to each token's length.
  const perToken = new Map<string, number>();
  for (const line of lines) perToken.set(line.tokenId, (perToken.get(line.tokenId) ?? 0) + 1);
  for (const line of unwrittenLines) {
    const n = perToken.get(line.tokenId) ?? 0;
    if (n < keep) {
      perToken.set(line.tokenId, n + 1);
      lines.push(line);
    }
  }
  unwritten = new Map();
  unwrittenLines = [];
  try {
    await fastSql.addActivity([...counts.values()], lines, keep);
  } catch (error) {
    unwritten = counts;
    unwrittenLines = lines;
    batches.schedule();
    log.warn("activity.deferred", { requests: records.length, error: String((error as { code?: string }).code ?? error) });
  }
}
