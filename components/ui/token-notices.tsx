"use client";

import { X, type LucideIcon } from "lucide-react";
import { useOptimistic, useState, useTransition } from "react";
import { cn } from "@/components/ui/cn";
import { MESSAGES, type ActionResult } from "@/lib/model";

const TONES = {
  danger: {
    box: "border-red-200 bg-red-50 text-red-900",
    icon: "text-red-600",
    close: "text-red-700 hover:bg-red-100",
  },
  warning: {
    box: "border-amber-200 bg-amber-50 text-amber-950",
    icon: "text-amber-600",
    close: "text-amber-800 hover:bg-amber-100",
  },
  info: {
    box: "border-sky-200 bg-sky-50 text-sky-950",
    icon: "text-sky-700",
    close: "text-sky-800 hover:bg-sky-100",
  },
} as const;

type Props<N extends { id: string; tokenName: string }> = {
  notices: N[];
  /** The list's name for screen readers ("Leaked tokens"). */
  label: string;
  tone: keyof typeof TONES;
  icon: LucideIcon;
  /** "alert" for what needs doing now (a leaked token still working), "status" for news. */
  role: "alert" | "status";
  dismissAction: (input: { id: string }) => Promise<ActionResult>;
  children: (notice: N) => React.ReactNode;
};

/**
 * The owner's notices about their tokens (found in public, revoked by an admin) above the
 * listing, each until its owner dismisses it: gone at once, back with a message if the server
 * refuses.
 */
export function TokenNotices<N extends { id: string; tokenName: string }>({
  notices,
  label,
  tone,
  icon: Icon,
  role,
  dismissAction,
  children,
}: Props<N>) {
  const [shown, dismiss] = useOptimistic(notices, (current, id: string) => current.filter((notice) => notice.id !== id));
  const [, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (shown.length === 0 && !error) return null;

  const onDismiss = (id: string) =>
    startTransition(async () => {
      dismiss(id);
      const result = await dismissAction({ id }).catch(() => ({ ok: false as const, message: MESSAGES.noAnswer }));
      setError(result.ok ? null : result.message);
    });
  const colours = TONES[tone];

  return (
    <section aria-label={label} className="mt-6 space-y-3">
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {shown.map((notice) => (
        <div key={notice.id} role={role} className={cn("flex items-start gap-3 rounded-lg border px-4 py-3 text-sm", colours.box)}>
          <Icon className={cn("mt-0.5 size-5 shrink-0", colours.icon)} aria-hidden="true" />
          <div className="min-w-0 flex-1">{children(notice)}</div>
          <button
            type="button"
            onClick={() => onDismiss(notice.id)}
            aria-label={`Dismiss the notice about “${notice.tokenName}”`}
            className={cn("-m-1 rounded p-1", colours.close)}
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      ))}
    </section>
  );
}
