import "server-only";
import {
  DIMENSIONS,
  isOutcome,
  noCounts,
  WINDOWS,
  type ActivityOverview,
  type Dimension,
  type Outcome,
  type OutcomeCounts,
  type RequestLine,
  type TokenUsage,
  type UsageBucket,
  type UsageWindow,
} from "@/lib/activity";
import { assertAdmin, ownedBy, type Actor, type SessionUser } from "@/lib/dal/access";
import { ALL_TOKENS } from "@/lib/dal/activity-recorder";
import type { Prisma } from "@/lib/generated/prisma/client";
import { env } from "@/lib/server/config.mjs";
import { db } from "@/lib/server/db";

export { flushActivity } from "@/lib/dal/activity-recorder";

// What each token did, read back: the chart's buckets and top lists from TokenUsage, the request
// log from TokenRequest (both written by lib/dal/activity-recorder.ts), and their pruning.
// An owner reads their own tokens' activity; an admin, anyone's. Another user's id reads as a
// missing one.

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Which stored span each window's bars are made of. */
const SOURCE: Record<UsageWindow, "h" | "d"> = { "24h": "h", "7d": "h", "30d": "d" };
const TOP = 5;
export const REQUEST_PAGE = 50;

/** The window's bars: their starts, oldest first, the last one holding `now`. */
function bars(window: UsageWindow, now: number): number[] {
  const { spanMs, bucketMs } = WINDOWS[window];
  const last = now - (now % bucketMs);
  const n = spanMs / bucketMs;
  return Array.from({ length: n }, (_, i) => last - (n - 1 - i) * bucketMs);
}

type Row = { start: Date; value: string; count: number };

/** Outcome rows into the window's bars (a 6-hour bar sums its hours), every bar present. */
function toBuckets(window: UsageWindow, starts: number[], rows: Row[]): { buckets: UsageBucket[]; totals: OutcomeCounts; total: number } {
  const { bucketMs } = WINDOWS[window];
  const first = starts[0]!;
  const counts = starts.map(() => noCounts());
  const totals = noCounts();
  let total = 0;
  for (const row of rows) {
    const index = Math.floor((row.start.getTime() - first) / bucketMs);
    if (index < 0 || index >= counts.length || !isOutcome(row.value)) continue;
    counts[index]![row.value] += row.count;
    totals[row.value] += row.count;
    total += row.count;
  }
  return { buckets: starts.map((start, i) => ({ start: new Date(start).toISOString(), counts: counts[i]! })), totals, total };
}

async function usageOf(tokenId: string, window: UsageWindow, now: number): Promise<TokenUsage> {
  const starts = bars(window, now);
  const where: Prisma.TokenUsageWhereInput = { tokenId, span: SOURCE[window], start: { gte: new Date(starts[0]!) } };
  const [outcomes, grouped] = await Promise.all([
    db.tokenUsage.findMany({ where: { ...where, dimension: "outcome" }, select: { start: true, value: true, count: true } }),
    db.tokenUsage.groupBy({
      by: ["dimension", "value"],
      where: { ...where, dimension: { in: [...DIMENSIONS] } },
      _sum: { count: true },
    }),
  ]);
  const top = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, [] as TokenUsage["top"][Dimension]])) as TokenUsage["top"];
  for (const group of grouped) top[group.dimension as Dimension]?.push({ value: group.value, count: group._sum.count ?? 0 });
  for (const dimension of DIMENSIONS)
    top[dimension] = top[dimension].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, TOP);
  return { window, bucketSeconds: WINDOWS[window].bucketMs / 1000, ...toBuckets(window, starts, outcomes), top };
}

const owned = async (actor: Actor, id: string) =>
  (await db.apiToken.findFirst({ where: { id, ...ownedBy(actor) }, select: { id: true } })) !== null;
const exists = async (id: string) => (await db.apiToken.findUnique({ where: { id }, select: { id: true } })) !== null;

/** One of the actor's tokens' usage over the window; another user's or a missing id: null. */
export async function tokenUsage(actor: Actor, id: string, window: UsageWindow, now = Date.now()): Promise<TokenUsage | null> {
  return (await owned(actor, id)) ? usageOf(id, window, now) : null;
}

export async function tokenUsageForAdmin(admin: SessionUser, id: string, window: UsageWindow, now = Date.now()) {
  assertAdmin(admin);
  return (await exists(id)) ? usageOf(id, window, now) : null;
}

export type RequestQuery = { outcome?: Outcome; cursor?: string; limit?: number };
export type RequestPage = { requests: RequestLine[]; next: string | null };

/** The cursor is the last line's position, (time, id), as text: "2026-12-02T05:00:00.000Z~id". */
const cursorOf = (line: { at: Date; id: string }) => `${line.at.toISOString()}~${line.id}`;
export function parseRequestCursor(cursor: string): { at: Date; id: string } | null {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)~([0-9a-z]{1,40})$/.exec(cursor);
  const at = match ? new Date(match[1]!) : null;
  // No line is older than 1970, and PostgreSQL cannot even compare year 0000 (a 500): such a time is no cursor.
  return match && at && !Number.isNaN(at.getTime()) && at.getTime() >= 0 ? { at, id: match[2]! } : null;
}

async function requestsOf(tokenId: string, query: RequestQuery): Promise<RequestPage> {
  const take = Math.min(Math.max(query.limit ?? REQUEST_PAGE, 1), 100);
  const position = query.cursor ? parseRequestCursor(query.cursor) : null;
  const rows = await db.tokenRequest.findMany({
    where: {
      tokenId,
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(position ? { OR: [{ at: { lt: position.at } }, { at: position.at, id: { lt: position.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const page = rows.slice(0, take);
  return {
    requests: page.map(({ tokenId: _token, at, outcome, ...line }) => ({
      ...line,
      at: at.toISOString(),
      outcome: isOutcome(outcome) ? outcome : "ok",
    })),
    next: rows.length > take ? cursorOf(page[page.length - 1]!) : null,
  };
}

/** One of the actor's tokens' last requests, newest first, a page at a time. */
export async function tokenRequests(actor: Actor, id: string, query: RequestQuery = {}): Promise<RequestPage | null> {
  return (await owned(actor, id)) ? requestsOf(id, query) : null;
}

export async function tokenRequestsForAdmin(admin: SessionUser, id: string, query: RequestQuery = {}): Promise<RequestPage | null> {
  assertAdmin(admin);
  return (await exists(id)) ? requestsOf(id, query) : null;
}

/** Every token's requests over the window, and the most active live tokens. */
export async function activityOverview(admin: SessionUser, window: UsageWindow, now = Date.now()): Promise<ActivityOverview> {
  assertAdmin(admin);
  const starts = bars(window, now);
  const since = new Date(starts[0]!);
  const span = SOURCE[window];
  const [outcomes, busiest] = await Promise.all([
    db.tokenUsage.findMany({
      where: { tokenId: ALL_TOKENS, span, start: { gte: since }, dimension: "outcome" },
      select: { start: true, value: true, count: true },
    }),
    db.tokenUsage.groupBy({
      by: ["tokenId"],
      // On the (span, dimension, start, tokenId, count) index alone.
      where: { span, dimension: "total", start: { gte: since }, tokenId: { not: ALL_TOKENS } },
      _sum: { count: true },
      orderBy: { _sum: { count: "desc" } },
      take: 20,
    }),
  ]);
  const tokens = await db.apiToken.findMany({
    where: { id: { in: busiest.map((row) => row.tokenId) } },
    select: { id: true, name: true, displayPrefix: true, user: { select: { email: true } } },
  });
  const byId = new Map(tokens.map((token) => [token.id, token]));
  const mostActive = busiest
    .flatMap((row) => {
      const token = byId.get(row.tokenId);
      return token
        ? [{ id: token.id, name: token.name, displayPrefix: token.displayPrefix, ownerEmail: token.user.email, count: row._sum.count ?? 0 }]
        : [];
    })
    .slice(0, 10);
  return { window, bucketSeconds: WINDOWS[window].bucketMs / 1000, ...toBuckets(window, starts, outcomes), mostActive };
}

/**
 * Retention, run by the jobs runner: minute buckets past ACTIVITY_MINUTES_KEPT_HOURS, hour and
 * day buckets and log lines past ACTIVITY_HOURS_KEPT_DAYS (a deleted token's lines age out with
 * them), in batches so that no statement holds the database for long.
 */
export async function pruneActivity(now = Date.now(), batch = 5_000): Promise<{ buckets: number; requests: number }> {
  const config = env();
  const minutesBefore = new Date(now - config.ACTIVITY_MINUTES_KEPT_HOURS * HOUR);
  const hoursBefore = new Date(now - config.ACTIVITY_HOURS_KEPT_DAYS * DAY);
  let buckets = 0;
  let requests = 0;
  for (const [span, before] of [
    ["m", minutesBefore],
    ["h", hoursBefore],
    ["d", hoursBefore],
  ] as const) {
    for (;;) {
      const n = await db.$executeRaw`DELETE FROM "TokenUsage" WHERE ("tokenId", "span", "start", "dimension", "value") IN
        (SELECT "tokenId", "span", "start", "dimension", "value" FROM "TokenUsage" WHERE "span" = ${span} AND "start" < ${before} LIMIT ${batch})`;
      buckets += n;
      if (n < batch) break;
    }
  }
  for (;;) {
    const n =
      await db.$executeRaw`DELETE FROM "TokenRequest" WHERE "id" IN (SELECT "id" FROM "TokenRequest" WHERE "at" < ${hoursBefore} LIMIT ${batch})`;
    requests += n;
    if (n < batch) break;
  }
  return { buckets, requests };
}
