import { cn } from "@/components/ui/cn";
import { grantLabel, writeFlag, type Grant } from "@/lib/permissions";
import { SCOPE_LABELS, scopeRow } from "@/lib/scopes";

const TONES = {
  calm: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  caution: "bg-amber-50 text-amber-800 ring-amber-600/20",
} as const;

/**
 * A token's grant as the listings say it: "Read-Only", "Write" or "Custom · 3". Amber for what
 * can change things: Write, and a Custom list holding any write. A Custom badge lists its
 * permissions on hover.
 */
export function ScopeBadge({ grant }: { grant: Grant }) {
  const custom = grant.scope === "CUSTOM";
  const tone = custom ? (writeFlag(grant) === "1" ? "caution" : "calm") : scopeRow(grant.scope).tone;
  return (
    <span
      title={custom ? grant.permissions.join(", ") : undefined}
      className={cn(
        "inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset",
        TONES[tone],
      )}
    >
      {grantLabel(grant, SCOPE_LABELS)}
    </span>
  );
}
