import { cn } from "@/components/ui/cn";
import { OUTCOME_LABELS, type Outcome } from "@/lib/activity";

/**
 * Each outcome's colour in the charts, the legend and the log's badges: Okabe and Ito's
 * palette, told apart with every common colour blindness, each at least 3:1 against white.
 */
export const OUTCOME_COLOURS: Record<Outcome, string> = {
  ok: "#0072b2",
  denied_permission: "#c2410c",
  denied_address: "#a2467f",
  rate_limited: "#a16207",
  expired: "#57534e",
  disabled: "#047857",
};

const BADGE: Record<Outcome, string> = {
  ok: "bg-sky-50 text-sky-800 ring-sky-600/20",
  denied_permission: "bg-orange-50 text-orange-800 ring-orange-600/20",
  denied_address: "bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-600/20",
  rate_limited: "bg-amber-50 text-amber-800 ring-amber-600/20",
  expired: "bg-stone-100 text-stone-700 ring-stone-500/20",
  disabled: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
};

export function OutcomeBadge({ outcome }: { outcome: Outcome }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        BADGE[outcome],
      )}
    >
      {OUTCOME_LABELS[outcome]}
    </span>
  );
}

/** A colour's swatch beside its label (the legend). */
export function Swatch({ outcome }: { outcome: Outcome }) {
  return <span aria-hidden="true" className="size-2.5 shrink-0 rounded-sm" style={{ backgroundColor: OUTCOME_COLOURS[outcome] }} />;
}
