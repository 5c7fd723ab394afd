"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { ScopeBadge } from "@/components/ui/scope-badge";
import type { PendingToken } from "@/lib/dal/approvals";
import { approveTokenAction, denyTokenAction } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { APPROVAL_WORDS } from "../words";

/** The queue, oldest first: each token with who asked, for what, and Approve / Deny. */
export function ApprovalsQueue({ tokens }: { tokens: PendingToken[] }) {
  const [toApprove, setToApprove] = useState<PendingToken | null>(null);
  const approve = useSudoAction(approveTokenAction);
  const [toDeny, setToDeny] = useState<PendingToken | null>(null);
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  // A decided token leaves the queue, and the button that opened its dialog with it: focus comes
  // back to the queue, whose notice says what was done.
  const queue = useRef<HTMLElement>(null);
  return (
    <section ref={queue} tabIndex={-1} aria-label={APPROVAL_WORDS.label} className="mt-8 focus:outline-none">
      {notice ? <Notice message={notice} onDismiss={() => setNotice(null)} /> : null}
      {tokens.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-600">
          {APPROVAL_WORDS.none}
        </p>
      ) : (
        <ul className="space-y-3">
          {tokens.map((token) => (
            <li key={token.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <h2 className="text-sm font-semibold break-words text-slate-900">{token.name}</h2>
                  <p className="mt-0.5 text-xs break-words text-slate-600">
                    {token.owner.name} ({token.owner.email}) · {token.team ? APPROVAL_WORDS.team(token.team.name) : APPROVAL_WORDS.personal}
                  </p>
                </div>
                <span className="flex gap-2">
                  <Button size="sm" aria-label={APPROVAL_WORDS.approveLabel(token.name)} onClick={() => setToApprove(token)}>
                    {APPROVAL_WORDS.approve}
                  </Button>
                  <Button
                    size="sm"
                    variant="danger-ghost"
                    aria-label={APPROVAL_WORDS.denyLabel(token.name)}
                    onClick={() => {
                      setReason("");
                      setToDeny(token);
                    }}
                  >
                    {APPROVAL_WORDS.deny}
                  </Button>
                </span>
              </div>
              <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className="text-slate-500">{APPROVAL_WORDS.columns.permissions}</dt>
                <dd className="flex flex-wrap items-center gap-1.5 break-words">
                  <ScopeBadge grant={token} />
                  {token.scope === "CUSTOM" ? <span className="text-xs text-slate-700">{token.permissions.join(", ")}</span> : null}
                </dd>
                <dt className="text-slate-500">{APPROVAL_WORDS.columns.created}</dt>
                <dd>
                  <LocalTime iso={token.createdAt} />
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        subject={toApprove}
        tone="primary"
        title={(token) => APPROVAL_WORDS.approveTitle(token.name)}
        description={APPROVAL_WORDS.approveDescription}
        confirmLabel={APPROVAL_WORDS.approveConfirm}
        action={(token) => approve({ id: token.id })}
        focusAfterDone={() => queue.current}
        onClose={() => setToApprove(null)}
        onDone={({ name }) => setNotice(APPROVAL_WORDS.approved(name))}
      />
      <ConfirmDialog
        subject={toDeny}
        title={(token) => APPROVAL_WORDS.denyTitle(token.name)}
        description={APPROVAL_WORDS.denyDescription}
        confirmLabel={APPROVAL_WORDS.denyConfirm}
        action={(token) => denyTokenAction({ id: token.id, reason })}
        focusAfterDone={() => queue.current}
        onClose={() => setToDeny(null)}
        onDone={({ name }) => setNotice(APPROVAL_WORDS.denied(name))}
      >
        <label className="mt-4 block text-sm font-medium text-slate-800">
          {APPROVAL_WORDS.reason}
          <textarea
            required
            maxLength={500}
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            className="mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-sm"
          />
        </label>
      </ConfirmDialog>
    </section>
  );
}
