"use client";

import { useState } from "react";
import { ChartSkeleton, Failed, UsageView } from "@/components/activity/usage-view";
import { useLoad } from "@/components/activity/use-load";
import { WindowChoice } from "@/components/activity/window-choice";
import { ACTIVITY_WORDS } from "@/components/activity/words";
import type { RequestLine, Outcome, TokenUsage, UsageWindow, Ranked, Dimension } from "@/lib/activity";
import type { ActionResult } from "@/lib/model";
import { RequestLog } from "./request-log";
import { formatCount } from "@/lib/model";

export type UsageLoad = (input: { id: string; window: UsageWindow }) => Promise<ActionResult<TokenUsage>>;
export type RequestsLoad = (input: {
  id: string;
  outcome?: Outcome;
  cursor?: string;
}) => Promise<ActionResult<{ requests: RequestLine[]; next: string | null }>>;

const TOP_ORDER: Dimension[] = ["permission", "address", "client", "status"];

/** A short ranked list: what the token used most in the window, with counts. */
function Top({ title, ranked }: { title: string; ranked: Ranked }) {
  return (
    <div className="min-w-0">
      <h4 className="text-xs font-medium text-slate-600">{title}</h4>
      {ranked.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{ACTIVITY_WORDS.topNone}</p>
      ) : (
        <ol aria-label={title} className="mt-1 space-y-0.5">
          {ranked.map((entry) => (
            <li key={entry.value} className="flex items-baseline justify-between gap-3 text-sm">
              <span className="min-w-0 font-mono text-xs break-all text-slate-800">{entry.value || "—"}</span>
              <span className="shrink-0 text-slate-900 tabular-nums">{formatCount(entry.count)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/**
 * A token's Activity in its details panel: its requests over a window, by outcome, what it used
 * most, and its request log. Read by the panel's own server actions (the owner's, or the admin's).
 */
export function TokenActivity({ tokenId, loadUsage, loadRequests }: { tokenId: string; loadUsage: UsageLoad; loadRequests: RequestsLoad }) {
  const [window, setWindow] = useState<UsageWindow>("24h");
  const { loaded, last, retry } = useLoad(`${tokenId}:${window}`, () => loadUsage({ id: tokenId, window }));
  const usage = loaded.status === "ready" ? loaded.data : last;
  return (
    <div className="space-y-5">
      <WindowChoice value={window} onChange={setWindow} />
      {loaded.status === "failed" ? (
        <Failed message={loaded.message || ACTIVITY_WORDS.failed} onRetry={retry} />
      ) : usage ? (
        <>
          <UsageView usage={usage} label={ACTIVITY_WORDS.chart} busy={loaded.status === "loading"} />
          <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
            {TOP_ORDER.map((dimension) => (
              <Top key={dimension} title={ACTIVITY_WORDS.top[dimension]} ranked={usage.top[dimension]} />
            ))}
          </div>
        </>
      ) : (
        <div role="status" aria-label={ACTIVITY_WORDS.loading} className="space-y-3">
          <div className="h-5 w-56 animate-pulse rounded bg-slate-200" />
          <ChartSkeleton />
        </div>
      )}
      <RequestLog tokenId={tokenId} load={loadRequests} />
    </div>
  );
}
