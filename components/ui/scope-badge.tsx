import { cn } from "@/components/ui/cn";
import { scopeRow, type Scope } from "@/lib/scopes";

const TONES = {
  calm: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  caution: "bg-amber-50 text-amber-800 ring-amber-600/20",
} as const;

export function ScopeBadge({ scope }: { scope: Scope }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        TONES[scopeRow(scope).tone],
      )}
    >
      {scopeRow(scope).label}
    </span>
  );
}
