import { LocalTime } from "@/components/ui/local-time";

/** When a token was last used (recorded to the minute), or "Never". */
export function LastUsed({ iso }: { iso: string | null }) {
  return iso ? <LocalTime iso={iso} /> : <span className="text-slate-500">Never</span>;
}
