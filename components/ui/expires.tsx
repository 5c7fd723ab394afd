"use client";

import { useState } from "react";
import { LocalTime } from "@/components/ui/local-time";
import { DAY_MS, describeExpiry, expiryStatus, formatExpiryDay } from "@/lib/model";

/**
 * A token's expiry: "Never", or its last working day, UTC, as the drawer picked it ("30 Jun
 * 2027"; in words and the exact moment on hover), with its status: "Expires in 3 days" (amber,
 * within 7 days) or "Expired" (red). And, while a roll's overlap runs, when the previous secret
 * stops working.
 */
export function Expires({ iso, previousValidUntil }: { iso: string | null; previousValidUntil?: string | null }) {
  // The moment of the first render: the status is counted from it (the page is reloaded often enough).
  const [at] = useState(() => Date.now());
  const status = expiryStatus(iso, at);
  const days = iso ? Math.ceil((Date.parse(iso) - at) / DAY_MS) : 0;
  return (
    <span className="flex flex-col items-start gap-0.5">
      {iso ? (
        <time dateTime={iso} title={`${describeExpiry(new Date(iso))}; stops at ${iso}`} className="whitespace-nowrap">
          {formatExpiryDay(new Date(iso))}
        </time>
      ) : (
        <span className="text-slate-500">Never</span>
      )}
      {status === "expired" ? (
        <span className="rounded-full bg-red-50 px-2 py-px text-xs font-medium whitespace-nowrap text-red-700 ring-1 ring-red-200">
          Expired
        </span>
      ) : status === "expiring" ? (
        <span className="rounded-full bg-amber-50 px-2 py-px text-xs font-medium whitespace-nowrap text-amber-800 ring-1 ring-amber-200">
          {days <= 1 ? "Expires within a day" : `Expires in ${days} days`}
        </span>
      ) : null}
      {previousValidUntil ? (
        <span className="max-w-40 text-xs text-slate-600">
          Previous secret valid until <LocalTime iso={previousValidUntil} />
        </span>
      ) : null}
    </span>
  );
}
