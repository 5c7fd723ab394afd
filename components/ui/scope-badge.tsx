import { cn } from "@/components/ui/cn";
import { SCOPE_LABELS, type Scope } from "@/lib/model";

export function ScopeBadge({ scope }: { scope: Scope }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        scope === "WRITE" ? "bg-amber-50 text-amber-800 ring-amber-600/20" : "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
      )}
    >
      {SCOPE_LABELS[scope]}
    </span>
  );
}
