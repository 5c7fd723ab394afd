"use client";

import { ShieldAlert, X } from "lucide-react";
import { useOptimistic, useState, useTransition } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { MESSAGES, type LeakNoticeRow } from "@/lib/model";
import { dismissLeakNoticeAction } from "../actions";

/** Where a token was found: a link (the data layer keeps only web addresses), never followed for the reader. */
function FoundAt({ url }: { url: string | null }) {
  if (!url) return null;
  return (
    <>
      {" at "}
      <a href={url} rel="noopener noreferrer nofollow" className="font-medium break-all underline underline-offset-2">
        {url}
      </a>
    </>
  );
}

/**
 * The owner's notices of tokens found in public: what happened and where, until dismissed.
 * Shown above the listing; a revoked token is already gone from it.
 */
export function LeakNotices({ notices }: { notices: LeakNoticeRow[] }) {
  const [shown, dismiss] = useOptimistic(notices, (current, id: string) => current.filter((notice) => notice.id !== id));
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (shown.length === 0 && !error) return null;

  const onDismiss = (id: string) =>
    startTransition(async () => {
      dismiss(id);
      const result = await dismissLeakNoticeAction({ id }).catch(() => ({ ok: false as const, message: MESSAGES.noAnswer }));
      setError(result.ok ? null : result.message);
    });

  return (
    <section aria-label="Leaked tokens" className="mt-6 space-y-3">
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {shown.map((notice) => (
        <div
          key={notice.id}
          role="alert"
          className="flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900"
        >
          <ShieldAlert className="mt-0.5 size-5 shrink-0 text-red-600" aria-hidden="true" />
          <div className="min-w-0 flex-1">
            <p>
              <strong className="font-semibold">“{notice.tokenName}”</strong> ({notice.tokenPrefix}…){" "}
              {notice.revoked ? "was revoked on " : "was found in public on "}
              <LocalTime iso={notice.createdAt} />
              {notice.revoked ? " because it was found in public" : ""}
              <FoundAt url={notice.url} />
              {notice.url
                ? ""
                : notice.reporter === "github"
                  ? " by GitHub secret scanning"
                  : " and reported through the public revocation endpoint"}
              .
            </p>
            <p className="mt-1 text-red-800">
              {notice.revoked
                ? "Create a new token for the scripts that used it, and remove the old one from where it was found."
                : "It still works, and anyone may have it: roll or delete it now."}
            </p>
          </div>
          <button
            type="button"
            onClick={() => onDismiss(notice.id)}
            aria-label={`Dismiss the notice about “${notice.tokenName}”`}
            className="-m-1 rounded p-1 text-red-700 hover:bg-red-100"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      ))}
    </section>
  );
}
