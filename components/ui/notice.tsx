"use client";

import { CircleCheck, X } from "lucide-react";
import { useEffect } from "react";

/** A short confirmation that goes away by itself; announced to screen readers as it appears. */
export function Notice({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, 8000);
    return () => clearTimeout(timer);
  }, [message, onDismiss]);
  return (
    <div
      role="status"
      className="mb-4 flex animate-fade-in items-start gap-3 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900"
    >
      <CircleCheck className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-hidden="true" />
      <p className="flex-1">{message}</p>
      <button type="button" onClick={onDismiss} aria-label="Dismiss" className="-m-1 rounded p-1 text-emerald-700 hover:bg-emerald-100">
        <X className="size-4" aria-hidden="true" />
      </button>
    </div>
  );
}
