"use client";

import { ShieldX } from "lucide-react";
import { useCallback, useState } from "react";
import { Failed } from "@/components/activity/usage-view";
import { useLoad } from "@/components/activity/use-load";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import type { UnusedToken } from "@/lib/dal/unused-tokens";
import { UNUSED_DAYS, type UnusedDays } from "@/lib/activity";
import { revokeUnusedTokensAction, unusedTokensAction } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { OVERVIEW_WORDS } from "../words";
import { CARD } from "./overview-charts";

type Unused = { total: number; totalCapped: boolean; tokens: UnusedToken[] };
const CHECKBOX = "size-4 rounded border-slate-300 text-brand-600 accent-brand-600";

/**
 * The tokens nobody used for 30 or 90 days, the longest unused first, with a bulk revoke: the
 * admin chooses (all shown, or some), confirms, and each is revoked as from All Tokens.
 */
export function UnusedTokens({ initial, onRevoked }: { initial: Unused; onRevoked: () => void }) {
  const [days, setDays] = useState<UnusedDays>(30);
  const revokeUnused = useSudoAction(revokeUnusedTokensAction);
  const [reads, setReads] = useState(0);
  const { loaded, last, retry } = useLoad(`${days}:${reads}`, () => unusedTokensAction({ days }), { key: "30:0", data: initial });
  const list = loaded.status === "ready" ? loaded.data : last;
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  const shown = list?.tokens ?? [];
  const selected = shown.filter((token) => chosen.has(token.id)).map((token) => token.id);
  const all = shown.length > 0 && selected.length === shown.length;
  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <section aria-labelledby="overview-unused" className={CARD}>
      {notice ? <Notice message={notice} onDismiss={clearNotice} /> : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="overview-unused" className="text-base font-semibold text-slate-900">
          {OVERVIEW_WORDS.unused}
        </h2>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          {OVERVIEW_WORDS.unusedFor}
          <select
            value={days}
            onChange={(event) => {
              setDays(Number(event.target.value) === 90 ? 90 : 30);
              setChosen(new Set());
            }}
            className="h-9 rounded-lg border border-slate-300 bg-white px-2.5 text-sm shadow-sm"
          >
            {UNUSED_DAYS.map((value) => (
              <option key={value} value={value}>
                {OVERVIEW_WORDS.unusedDays(value)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="mt-1 text-sm text-slate-600">{OVERVIEW_WORDS.unusedNote(days)}</p>
      {loaded.status === "failed" ? (
        <div className="mt-4">
          <Failed message={loaded.message} onRetry={retry} />
        </div>
      ) : !list ? (
        <div role="status" aria-label={OVERVIEW_WORDS.unused} className="mt-4 h-32 animate-pulse rounded-lg bg-slate-100" />
      ) : list.total === 0 ? (
        <p className="mt-4 rounded-lg border border-dashed border-slate-300 px-3 py-6 text-center text-sm text-slate-500">
          {OVERVIEW_WORDS.unusedNone(days)}
        </p>
      ) : (
        <div aria-busy={loaded.status === "loading" || undefined} className="mt-4 space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-3">
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
              {OVERVIEW_WORDS.selectAll}
            </label>
            <p className="text-sm text-slate-600" aria-live="polite">
              {OVERVIEW_WORDS.unusedCount(shown.length, list.total, list.totalCapped)}
            </p>
            <Button variant="danger" size="sm" disabled={selected.length === 0} onClick={() => setConfirming(selected)}>
              <ShieldX className="size-4" aria-hidden="true" />
              {OVERVIEW_WORDS.revoke(selected.length)}
            </Button>
          </div>
          <ul
            aria-label={OVERVIEW_WORDS.unused}
            className="max-h-96 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200"
          >
            {shown.map((token) => (
              <li key={token.id} className="flex items-start gap-3 px-3 py-2.5 text-sm">
                <input
                  type="checkbox"
                  className={`${CHECKBOX} mt-0.5 shrink-0`}
                  aria-label={OVERVIEW_WORDS.select(token.name, token.ownerEmail)}
                  checked={chosen.has(token.id)}
                  onChange={() => toggle(token.id)}
                />
                <div className="grid min-w-0 flex-1 grid-cols-1 gap-x-4 gap-y-0.5 sm:grid-cols-[1fr_auto]">
                  <p className="min-w-0">
                    <span className="font-medium break-words text-slate-900">{token.name}</span>
                    <span className="block text-xs break-all text-slate-600">
                      <span className="font-mono">{token.displayPrefix}…</span> · {token.ownerEmail}
                    </span>
                  </p>
                  <p className="text-xs text-slate-600 sm:text-right">
                    {OVERVIEW_WORDS.lastUsed}: {token.lastUsedAt ? <LocalTime iso={token.lastUsedAt} dateOnly /> : OVERVIEW_WORDS.never}
                    <span className="block">
                      {OVERVIEW_WORDS.created}: <LocalTime iso={token.createdAt} dateOnly />
                    </span>
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
      <ConfirmDialog
        subject={confirming}
        title={(ids) => OVERVIEW_WORDS.revokeTitle(ids.length)}
        description={OVERVIEW_WORDS.revokeDescription}
        confirmLabel={OVERVIEW_WORDS.revokeConfirm}
        action={(ids) => revokeUnused({ ids, days })}
        onClose={() => setConfirming(null)}
        onDone={({ revoked }) => {
          setNotice(OVERVIEW_WORDS.revoked(revoked));
          setChosen(new Set());
          setReads((n) => n + 1);
          onRevoked();
        }}
        focusAfterDone={() => document.getElementById("overview-unused")}
      />
    </section>
  );
}
