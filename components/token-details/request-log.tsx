"use client";

import { useState, useTransition } from "react";
import { OutcomeBadge } from "@/components/activity/outcomes";
import { Failed } from "@/components/activity/usage-view";
import { useLoad } from "@/components/activity/use-load";
import { ACTIVITY_WORDS } from "@/components/activity/words";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { isOutcome, OUTCOME_LABELS, OUTCOMES, type Outcome, type RequestLine } from "@/lib/activity";
import { MESSAGES } from "@/lib/model";
import type { RequestsLoad } from "./token-activity";

const SELECT = "h-9 rounded-lg border border-slate-300 bg-white px-2.5 text-sm shadow-sm";

/** One request as a card: fits a phone's width and a laptop's alike, every field labelled. */
function Line({ line }: { line: RequestLine }) {
  return (
    <li className="space-y-1 px-3 py-2.5 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
        <span className="text-xs text-slate-600">
          <LocalTime iso={line.at} />
        </span>
        <OutcomeBadge outcome={line.outcome} />
      </div>
      <p className="flex min-w-0 items-baseline gap-2">
        <span className="font-mono text-xs font-semibold text-slate-900">{line.method}</span>
        <span className="min-w-0 font-mono text-xs break-all text-slate-800">{line.path}</span>
        <span className="ml-auto shrink-0 font-mono text-xs text-slate-700">
          <span className="sr-only">{ACTIVITY_WORDS.status} </span>
          {line.status}
        </span>
      </p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-600">
        <dt>{ACTIVITY_WORDS.address}</dt>
        <dd className="min-w-0 font-mono break-all text-slate-800">{line.ip}</dd>
        <dt>{ACTIVITY_WORDS.client}</dt>
        <dd className="min-w-0 break-words text-slate-800">{line.client || ACTIVITY_WORDS.unknownClient}</dd>
        <dt>{ACTIVITY_WORDS.requestId}</dt>
        <dd className="min-w-0 font-mono break-all text-slate-800 select-all">{line.requestId}</dd>
      </dl>
    </li>
  );
}

/** The token's request log, newest first, by outcome or all, a page at a time ("Older requests"). */
export function RequestLog({ tokenId, load }: { tokenId: string; load: RequestsLoad }) {
  const [outcome, setOutcome] = useState<Outcome | "">("");
  const first = useLoad(`${tokenId}:${outcome}`, () => load({ id: tokenId, ...(outcome ? { outcome } : {}) }));
  // The older pages, read with each page's cursor, for the filter they were read with.
  const [older, setOlder] = useState<{ key: string; lines: RequestLine[]; next: string | null; error: string | null } | null>(null);
  const [pending, startTransition] = useTransition();
  const key = `${tokenId}:${outcome}`;
  const more = older?.key === key ? older : null;
  const page = first.loaded.status === "ready" ? first.loaded.data : null;
  const lines = [...(page?.requests ?? []), ...(more?.lines ?? [])];
  const next = more ? more.next : (page?.next ?? null);

  const loadOlder = () =>
    startTransition(async () => {
      if (!next) return;
      const result = await load({ id: tokenId, cursor: next, ...(outcome ? { outcome } : {}) }).catch(() => ({
        ok: false as const,
        message: MESSAGES.noAnswer,
      }));
      setOlder((prev) => {
        const kept = prev?.key === key ? prev : { key, lines: [], next, error: null };
        return result.ok
          ? { key, lines: [...kept.lines, ...result.data.requests], next: result.data.next, error: null }
          : { ...kept, error: result.message };
      });
    });

  return (
    <section aria-labelledby="request-log-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 id="request-log-heading" className="text-sm font-semibold text-slate-900">
          {ACTIVITY_WORDS.log}
        </h4>
        <select
          aria-label={ACTIVITY_WORDS.filterOutcome}
          value={outcome}
          onChange={(event) => setOutcome(isOutcome(event.target.value) ? event.target.value : "")}
          className={SELECT}
        >
          <option value="">{ACTIVITY_WORDS.allOutcomes}</option>
          {OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {OUTCOME_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
      {first.loaded.status === "failed" ? (
        <Failed message={first.loaded.message || ACTIVITY_WORDS.logFailed} onRetry={first.retry} />
      ) : !page ? (
        <div role="status" aria-label={ACTIVITY_WORDS.loading} className="h-32 animate-pulse rounded-lg bg-slate-100" />
      ) : lines.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 px-3 py-4 text-center text-sm text-slate-500">
          {outcome ? ACTIVITY_WORDS.logEmptyFiltered : ACTIVITY_WORDS.logEmpty}
        </p>
      ) : (
        <>
          <ol aria-label={ACTIVITY_WORDS.logCaption} className="divide-y divide-slate-100 rounded-lg border border-slate-200">
            {lines.map((line) => (
              <Line key={line.id} line={line} />
            ))}
          </ol>
          {more?.error ? <Failed message={more.error} onRetry={loadOlder} /> : null}
          {next && !more?.error ? (
            <Button variant="secondary" size="sm" onClick={loadOlder} pending={pending}>
              {ACTIVITY_WORDS.older}
            </Button>
          ) : null}
        </>
      )}
    </section>
  );
}
