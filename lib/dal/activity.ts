import "server-only";
import { assertAdmin, type Actor, type SessionUser } from "@/lib/dal/access";
import {
  DIMENSIONS,
  isOutcome,
  noCounts,
  WINDOWS,
  type ActivityOverview,
  type Outcome,
  type RequestLine,
  type TokenUsage,
  type UsageWindow,
} from "@/lib/activity";
import { db } from "@/lib/server/db";

// STAND-IN, replaced by main's lib/dal/activity.ts ("Activity: recording"): reads the hourly
// buckets and the request log as they are stored, so that the console's screens can be built
// and tried before the recording lands. Same exports, same shapes.

type RequestQuery = { outcome?: Outcome; cursor?: string; limit?: number };

async function usageOf(tokenId: string, window: UsageWindow) {
  const { spanMs, bucketMs } = WINDOWS[window];
  const end = Math.ceil(Date.now() / bucketMs) * bucketMs;
  const from = end - spanMs;
  const rows = await db.tokenUsage.findMany({ where: { tokenId, span: "h", start: { gte: new Date(from) } } });
  const buckets = Array.from({ length: spanMs / bucketMs }, (_, i) => ({
    start: new Date(from + i * bucketMs).toISOString(),
    counts: noCounts(),
  }));
  const totals = noCounts();
  const tops = new Map<string, Map<string, number>>();
  for (const row of rows) {
    if (row.dimension === "outcome" && isOutcome(row.value)) {
      const index = Math.floor((row.start.getTime() - from) / bucketMs);
      if (buckets[index]) buckets[index].counts[row.value] += row.count;
      totals[row.value] += row.count;
    } else {
      const top = tops.get(row.dimension) ?? new Map<string, number>();
      top.set(row.value, (top.get(row.value) ?? 0) + row.count);
      tops.set(row.dimension, top);
    }
  }
  const total = Object.values(totals).reduce((a, b) => a + b, 0);
  const top = Object.fromEntries(
    DIMENSIONS.map((d) => [
      d,
      [...(tops.get(d) ?? new Map<string, number>())]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 5),
    ]),
  ) as TokenUsage["top"];
  return { window, bucketSeconds: bucketMs / 1000, buckets, total, totals, top };
}

export async function tokenUsage(actor: Actor, id: string, window: UsageWindow): Promise<TokenUsage | null> {
  const token = await db.apiToken.findFirst({ where: { id, userId: actor.id }, select: { id: true } });
  return token ? usageOf(id, window) : null;
}

export async function tokenUsageForAdmin(admin: SessionUser, id: string, window: UsageWindow): Promise<TokenUsage | null> {
  assertAdmin(admin);
  const token = await db.apiToken.findFirst({ where: { id }, select: { id: true } });
  return token ? usageOf(id, window) : null;
}

async function requestsOf(tokenId: string, query: RequestQuery) {
  const take = Math.min(query.limit ?? 25, 100);
  const [at, id] = query.cursor ? query.cursor.split("|") : [];
  const rows = await db.tokenRequest.findMany({
    where: {
      tokenId,
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(at && id ? { OR: [{ at: { lt: new Date(at) } }, { at: new Date(at), id: { lt: id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const page = rows.slice(0, take);
  const last = page.at(-1);
  return {
    requests: page.map((r): RequestLine => ({ ...r, at: r.at.toISOString(), outcome: isOutcome(r.outcome) ? r.outcome : "ok" })),
    next: rows.length > take && last ? `${last.at.toISOString()}|${last.id}` : null,
  };
}

export async function tokenRequests(actor: Actor, id: string, query: RequestQuery) {
  const token = await db.apiToken.findFirst({ where: { id, userId: actor.id }, select: { id: true } });
  return token ? requestsOf(id, query) : null;
}

export async function tokenRequestsForAdmin(admin: SessionUser, id: string, query: RequestQuery) {
  assertAdmin(admin);
  const token = await db.apiToken.findFirst({ where: { id }, select: { id: true } });
  return token ? requestsOf(id, query) : null;
}

export async function activityOverview(admin: SessionUser, window: UsageWindow): Promise<ActivityOverview> {
  assertAdmin(admin);
  const all = await usageOf("", window);
  const from = new Date(Date.now() - WINDOWS[window].spanMs);
  const counts = await db.tokenUsage.groupBy({
    by: ["tokenId"],
    where: { tokenId: { not: "" }, span: "h", dimension: "outcome", start: { gte: from } },
    _sum: { count: true },
  });
  const tokens = await db.apiToken.findMany({
    where: { id: { in: counts.map((c) => c.tokenId) } },
    select: { id: true, name: true, displayPrefix: true, user: { select: { email: true } } },
  });
  const mostActive = tokens
    .map((t) => ({
      id: t.id,
      name: t.name,
      displayPrefix: t.displayPrefix,
      ownerEmail: t.user.email,
      count: counts.find((c) => c.tokenId === t.id)?._sum.count ?? 0,
    }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 10);
  return { window, bucketSeconds: all.bucketSeconds, buckets: all.buckets, total: all.total, totals: all.totals, mostActive };
}

export async function flushActivity(): Promise<void> {}
