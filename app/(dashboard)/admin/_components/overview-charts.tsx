"use client";

import Link from "next/link";
import { useState } from "react";
import { ChartSkeleton, Failed, UsageView } from "@/components/activity/usage-view";
import { useLoad } from "@/components/activity/use-load";
import { WindowChoice } from "@/components/activity/window-choice";
import { ACTIVITY_WORDS } from "@/components/activity/words";
import { OUTCOMES, WINDOWS, type ActivityOverview, type UsageWindow } from "@/lib/activity";
import { activityOverviewAction } from "../actions";
import { OVERVIEW_WORDS } from "../words";
import { formatCount } from "@/lib/model";

const REFUSALS = OUTCOMES.filter((outcome) => outcome !== "ok");

export const CARD = "rounded-xl border border-slate-200 bg-white p-5 shadow-sm";

/** A link to the token in All Tokens: filtered to it by owner and name. */
const tokenHref = (token: ActivityOverview["mostActive"][number]) =>
  `/admin/tokens?${new URLSearchParams({ owner: token.ownerEmail, q: token.name })}`;

function MostActive({ overview }: { overview: ActivityOverview }) {
  const window = WINDOWS[overview.window].label;
  if (overview.mostActive.length === 0) return <p className="text-sm text-slate-600">{OVERVIEW_WORDS.mostActiveNone(window)}</p>;
  return (
    <ol aria-label={OVERVIEW_WORDS.mostActiveCaption(window)} className="divide-y divide-slate-100">
      {overview.mostActive.map((token) => (
        <li key={token.id} className="flex items-center justify-between gap-3 py-2 text-sm">
          <div className="min-w-0">
            <Link href={tokenHref(token)} className="font-medium break-words text-brand-700 hover:underline">
              {token.name}
            </Link>
            <p className="text-xs break-all text-slate-600">
              <span className="font-mono">{token.displayPrefix}…</span> · {token.ownerEmail}
            </p>
          </div>
          <span className="shrink-0 font-medium text-slate-900 tabular-nums">{formatCount(token.count)}</span>
        </li>
      ))}
    </ol>
  );
}

/** The Overview's charts and the busiest tokens, for the window chosen (read by the Overview's action). */
export function OverviewCharts({ initial, reads }: { initial: ActivityOverview; reads: number }) {
  const [window, setWindow] = useState<UsageWindow>(initial.window);
  const { loaded, last, retry } = useLoad(`${window}:${reads}`, () => activityOverviewAction({ window }), {
    key: `${initial.window}:0`,
    data: initial,
  });
  const overview = loaded.status === "ready" ? loaded.data : last;
  const busy = loaded.status === "loading";
  return (
    <div className="space-y-6">
      <WindowChoice value={window} onChange={setWindow} />
      {loaded.status === "failed" ? (
        <Failed message={loaded.message} onRetry={retry} />
      ) : !overview ? (
        <ChartSkeleton />
      ) : (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <section aria-labelledby="overview-requests" className={CARD}>
            <h2 id="overview-requests" className="mb-3 text-base font-semibold text-slate-900">
              {OVERVIEW_WORDS.requests}
            </h2>
            <UsageView usage={overview} label={ACTIVITY_WORDS.chart} busy={busy} />
          </section>
          <section aria-labelledby="overview-refusals" className={CARD}>
            <h2 id="overview-refusals" className="mb-3 text-base font-semibold text-slate-900">
              {OVERVIEW_WORDS.refusals}
            </h2>
            <UsageView
              usage={overview}
              outcomes={REFUSALS}
              label={ACTIVITY_WORDS.refusalsChart}
              summary={refusalsSummary(overview)}
              busy={busy}
            />
          </section>
          <section aria-labelledby="overview-most-active" className={`${CARD} lg:col-span-2`}>
            <h2 id="overview-most-active" className="mb-1 text-base font-semibold text-slate-900">
              {OVERVIEW_WORDS.mostActive}
            </h2>
            <MostActive overview={overview} />
          </section>
        </div>
      )}
    </div>
  );
}

function refusalsSummary(overview: ActivityOverview) {
  const refused = overview.total - overview.totals.ok;
  if (refused === 0) return ACTIVITY_WORDS.noRefusals(overview.window);
  return `${formatCount(refused)} ${refused === 1 ? "refusal" : "refusals"} in ${WINDOWS[overview.window].label}`;
}
