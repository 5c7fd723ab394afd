import { LocalTime } from "@/components/ui/local-time";

/** When a token was last used (recorded to the minute), or "Never". */
export function LastUsed({ iso, stacked = false }: { iso: string | null; stacked?: boolean }) {
  return iso ? <LocalTime iso={iso} stacked={stacked} /> : <span className="text-slate-500">Never</span>;
}
