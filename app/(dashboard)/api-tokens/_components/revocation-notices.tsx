"use client";

import { ShieldOff, X } from "lucide-react";
import { useOptimistic, useState, useTransition } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { MESSAGES, type RevocationNoticeRow } from "@/lib/model";
import { dismissRevocationNoticeAction } from "../actions";

/**
 * The owner's notices of tokens an admin revoked, until dismissed: the row is already gone from
 * the listing, and this says where it went (as a leaked token's notice does, beside it).
 */
export function RevocationNotices({ notices }: { notices: RevocationNoticeRow[] }) {
  const [shown, dismiss] = useOptimistic(notices, (current, id: string) => current.filter((notice) => notice.id !== id));
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (shown.length === 0 && !error) return null;

  const onDismiss = (id: string) =>
    startTransition(async () => {
      dismiss(id);
      const result = await dismissRevocationNoticeAction({ id }).catch(() => ({ ok: false as const, message: MESSAGES.noAnswer }));
      setError(result.ok ? null : result.message);
    });

  return (
    <section aria-label="Revoked tokens" className="mt-6 space-y-3">
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {shown.map((notice) => (
        <div
          key={notice.id}
          role="status"
          className="flex items-start gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950"
        >
          <ShieldOff className="mt-0.5 size-5 shrink-0 text-amber-600" aria-hidden="true" />
          <div className="min-w-0 flex-1">
            <p>
              Token <strong className="font-semibold break-all">“{notice.tokenName}”</strong> was revoked by an administrator on{" "}
              <LocalTime iso={notice.createdAt} />.
            </p>
            <p className="mt-1 text-amber-900">
              It ({notice.tokenPrefix}…) no longer works. If a script still needs access, create a new token for it; your administrator can
              tell you why it was revoked.
            </p>
          </div>
          <button
            type="button"
            onClick={() => onDismiss(notice.id)}
            aria-label={`Dismiss the notice about “${notice.tokenName}”`}
            className="-m-1 rounded p-1 text-amber-800 hover:bg-amber-100"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      ))}
    </section>
  );
}
