"use client";

import { RotateCw } from "lucide-react";
import dynamic from "next/dynamic";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { OUTCOME_LABELS, OUTCOMES, usageSummary, WINDOWS, type Outcome, type TokenUsage, type UsageWindow } from "@/lib/activity";
import { Swatch } from "./outcomes";
import { ACTIVITY_WORDS } from "./words";
import { formatCount } from "@/lib/model";

type Usage = Pick<TokenUsage, "window" | "bucketSeconds" | "buckets" | "total" | "totals">;

// recharts comes with the chart, when a panel first shows one: not in any page's first load.
const UsageChart = dynamic(() => import("./usage-chart").then((m) => m.UsageChart), {
  ssr: false,
  loading: () => <ChartSkeleton />,
});

export function ChartSkeleton() {
  return (
    <div aria-hidden="true" className="flex h-48 animate-pulse items-end gap-1.5 rounded-lg bg-slate-50 px-3 pb-3">
      {[40, 65, 30, 80, 55, 70, 45, 60, 35, 75, 50, 25].map((height, i) => (
        <div key={i} className="flex-1 rounded-t bg-slate-200" style={{ height: `${height}%` }} />
      ))}
    </div>
  );
}

export function Failed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="space-y-3">
      <FormAlert>{message}</FormAlert>
      <Button variant="secondary" size="sm" onClick={onRetry}>
        <RotateCw className="size-4" aria-hidden="true" />
        {ACTIVITY_WORDS.tryAgain}
      </Button>
    </div>
  );
}

/**
 * A chart of requests over a window, stacked by outcome, with its summary ("1,240 requests in
 * 24 hours, 3 refused") and a legend with each outcome's count: what a screen reader reads, and
 * a sighted reader too. `outcomes`: the stacks shown (the Overview's refusals leave out ok).
 */
export function UsageView({
  usage,
  outcomes = OUTCOMES,
  summary,
  label,
  busy = false,
}: {
  usage: Usage;
  outcomes?: readonly Outcome[];
  summary?: string;
  label: (window: UsageWindow) => string;
  busy?: boolean;
}) {
  const shown = outcomes.reduce((sum, outcome) => sum + usage.totals[outcome], 0);
  const text = summary ?? usageSummary(usage);
  return (
    <figure aria-label={label(usage.window)} aria-busy={busy || undefined} className={busy ? "opacity-60 transition-opacity" : undefined}>
      <figcaption className="text-sm font-medium text-slate-900" aria-live="polite">
        {text}
      </figcaption>
      {shown === 0 ? (
        <p className="mt-3 flex h-24 items-center justify-center rounded-lg border border-dashed border-slate-300 text-sm text-slate-500">
          {text}
        </p>
      ) : (
        <>
          <div className="mt-3">
            <UsageChart buckets={usage.buckets} bucketSeconds={usage.bucketSeconds} outcomes={outcomes} />
          </div>
          <ul aria-label={ACTIVITY_WORDS.legend} className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
            {outcomes.map((outcome) => (
              <li key={outcome} className="inline-flex items-center gap-1.5">
                <Swatch outcome={outcome} />
                {OUTCOME_LABELS[outcome]}
                <span className="font-medium text-slate-900 tabular-nums">{formatCount(usage.totals[outcome])}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </figure>
  );
}

export const windowLabel = (window: UsageWindow) => WINDOWS[window].label;
