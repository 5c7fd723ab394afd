"use client";

import { BellRing, CirclePause, ShieldX } from "lucide-react";
import { useCallback, useState } from "react";
import { Failed } from "@/components/activity/usage-view";
import { useLoad } from "@/components/activity/use-load";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import type { BulkAnswer, ComplianceReport } from "@/lib/dal/compliance";
import { COMPLIANCE_PROBLEMS, type ComplianceProblem } from "@/lib/policy";
import { answerNonCompliantAction, complianceReportAction } from "../actions";
import { COMPLIANCE_WORDS } from "../words";

type Filter = ComplianceProblem | "all";
const CHECKBOX = "size-4 rounded border-slate-300 text-brand-600 accent-brand-600";
const CARD = "rounded-xl border border-slate-200 bg-white p-5 shadow-sm";

/**
 * The working tokens that break the policy, by problem, with the admin's bulk answers: choose
 * (all shown, or some), confirm, and each is notified, disabled or revoked on its own.
 */
export function ComplianceList({ initial }: { initial: ComplianceReport }) {
  const [filter, setFilter] = useState<Filter>("all");
  const [reads, setReads] = useState(0);
  const { loaded, last, retry } = useLoad(`${filter}:${reads}`, () => complianceReportAction({ problem: filter }), {
    key: "all:0",
    data: initial,
  });
  const report = loaded.status === "ready" ? loaded.data : last;
  const answer = useSudoAction(answerNonCompliantAction);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<{ answer: BulkAnswer; ids: string[] } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  const shown = report?.tokens ?? [];
  const selected = shown.filter((token) => chosen.has(token.id)).map((token) => token.id);
  const all = shown.length > 0 && selected.length === shown.length;
  const total = report ? (filter === "all" ? report.total : report.counts[filter]) : 0;
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const choose = (next: Filter) => {
    setFilter(next);
    setChosen(new Set());
  };

  return (
    <div className="mt-6 space-y-4">
      {notice ? <Notice message={notice} onDismiss={clearNotice} /> : null}
      <section aria-labelledby="compliance-filter" className={CARD}>
        <h2 id="compliance-filter" className="text-sm font-medium text-slate-700">
          {COMPLIANCE_WORDS.filter}
        </h2>
        <div className="mt-2 flex flex-wrap gap-2">
          {(["all", ...COMPLIANCE_PROBLEMS] as const).map((each) => (
            <button
              key={each}
              type="button"
              aria-pressed={filter === each}
              onClick={() => choose(each)}
              className="inline-flex items-center gap-2 rounded-full border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-50 aria-pressed:border-brand-600 aria-pressed:bg-brand-50 aria-pressed:text-brand-800"
            >
              {each === "all" ? COMPLIANCE_WORDS.all : COMPLIANCE_WORDS.problems[each].label}
              {report ? (
                <span className="rounded-full bg-slate-100 px-1.5 text-xs font-medium text-slate-700 tabular-nums">
                  {each === "all" ? report.total : report.counts[each]}
                </span>
              ) : null}
            </button>
          ))}
        </div>
        {report ? <p className="mt-3 text-sm text-slate-600">{COMPLIANCE_WORDS.unusedNote(report.unusedDays)}</p> : null}
      </section>

      <section aria-labelledby="compliance-tokens" className={CARD}>
        <h2 id="compliance-tokens" className="sr-only">
          {filter === "all" ? COMPLIANCE_WORDS.all : COMPLIANCE_WORDS.problems[filter].label}
        </h2>
        {loaded.status === "failed" ? (
          <Failed message={loaded.message} onRetry={retry} />
        ) : !report ? (
          <div role="status" aria-label={COMPLIANCE_WORDS.title} className="h-32 animate-pulse rounded-lg bg-slate-100" />
        ) : shown.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-600">
            {filter === "all" ? COMPLIANCE_WORDS.none : COMPLIANCE_WORDS.noneOf(COMPLIANCE_WORDS.problems[filter].label)}
          </p>
        ) : (
          <div aria-busy={loaded.status === "loading" || undefined} className="space-y-3">
            <div className="flex flex-wrap items-center gap-3">
              <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
                <input
                  type="checkbox"
                  className={CHECKBOX}
                  checked={all}
                  ref={(box) => {
                    if (box) box.indeterminate = selected.length > 0 && !all;
                  }}
                  onChange={() => setChosen(all ? new Set() : new Set(shown.map((token) => token.id)))}
                />
                {COMPLIANCE_WORDS.selectAll}
              </label>
              <p className="text-sm text-slate-600" aria-live="polite">
                {COMPLIANCE_WORDS.count(shown.length, total)}
              </p>
              <div className="flex flex-wrap gap-2 sm:ml-auto">
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={selected.length === 0 || !report.mail}
                  title={report.mail ? undefined : COMPLIANCE_WORDS.notifyNoMail}
                  onClick={() => setConfirming({ answer: "notify", ids: selected })}
                >
                  <BellRing className="size-4" aria-hidden="true" />
                  {COMPLIANCE_WORDS.notify(selected.length)}
                </Button>
                <Button
                  variant="secondary"
                  size="sm"
                  disabled={selected.length === 0}
                  onClick={() => setConfirming({ answer: "disable", ids: selected })}
                >
                  <CirclePause className="size-4" aria-hidden="true" />
                  {COMPLIANCE_WORDS.disable(selected.length)}
                </Button>
                <Button
                  variant="danger"
                  size="sm"
                  disabled={selected.length === 0}
                  onClick={() => setConfirming({ answer: "revoke", ids: selected })}
                >
                  <ShieldX className="size-4" aria-hidden="true" />
                  {COMPLIANCE_WORDS.revoke(selected.length)}
                </Button>
              </div>
            </div>
            {report.mail ? null : <p className="text-sm text-slate-600">{COMPLIANCE_WORDS.notifyNoMail}</p>}
            <ul aria-label={COMPLIANCE_WORDS.title} className="divide-y divide-slate-100 rounded-lg border border-slate-200">
              {shown.map((token) => (
                <li key={token.id} className="flex items-start gap-3 px-3 py-2.5 text-sm">
                  <input
                    type="checkbox"
                    className={`${CHECKBOX} mt-0.5 shrink-0`}
                    aria-label={COMPLIANCE_WORDS.select(token.name, token.ownerEmail)}
                    checked={chosen.has(token.id)}
                    onChange={() => toggle(token.id)}
                  />
                  <div className="grid min-w-0 flex-1 grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[1fr_auto]">
                    <div className="min-w-0">
                      <p className="font-medium break-words text-slate-900">{token.name}</p>
                      <p className="text-xs break-all text-slate-600">
                        <span className="font-mono">{token.displayPrefix}…</span> · {token.ownerEmail}
                        {token.teamName ? ` · ${COMPLIANCE_WORDS.team(token.teamName)}` : ""}
                      </p>
                      <ul aria-label={`Problems of ${token.name}`} className="mt-1.5 flex flex-wrap gap-1.5">
                        {token.problems.map((problem) => (
                          <li
                            key={problem}
                            className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200"
                          >
                            {COMPLIANCE_WORDS.problems[problem].short}
                          </li>
                        ))}
                      </ul>
                    </div>
                    <p className="text-xs text-slate-600 sm:text-right">
                      {COMPLIANCE_WORDS.lastUsed}:{" "}
                      {token.lastUsedAt ? <LocalTime iso={token.lastUsedAt} dateOnly /> : COMPLIANCE_WORDS.never}
                      <span className="block">
                        {COMPLIANCE_WORDS.expires}:{" "}
                        {token.expiresAt ? <LocalTime iso={token.expiresAt} dateOnly /> : COMPLIANCE_WORDS.noExpiry}
                      </span>
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <ConfirmDialog
        subject={confirming}
        title={(subject) => COMPLIANCE_WORDS.titles[subject.answer](subject.ids.length)}
        description={confirming ? COMPLIANCE_WORDS.descriptions[confirming.answer] : ""}
        confirmLabel={confirming ? COMPLIANCE_WORDS.confirms[confirming.answer] : ""}
        tone={confirming?.answer === "notify" ? "primary" : "danger"}
        action={(subject) => answer(subject)}
        onClose={() => setConfirming(null)}
        onDone={({ done, answer: made }) => {
          setNotice(COMPLIANCE_WORDS.done[made](done));
          setChosen(new Set());
          setReads((n) => n + 1);
        }}
        focusAfterDone={() => document.getElementById("compliance-filter")}
      />
    </div>
  );
}
