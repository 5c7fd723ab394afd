import type { EndpointRow } from "@/lib/dal/webhooks";
import { WEBHOOK_WORDS } from "../words";

/** Enabled, or why not, as a badge. */
export function EndpointState({ endpoint }: { endpoint: Pick<EndpointRow, "enabled" | "disabledReason"> }) {
  const [label, style] = endpoint.enabled
    ? [WEBHOOK_WORDS.enabled, "bg-emerald-50 text-emerald-700 ring-emerald-600/20"]
    : endpoint.disabledReason === "failing"
      ? [WEBHOOK_WORDS.disabledFailing, "bg-red-50 text-red-700 ring-red-600/20"]
      : [WEBHOOK_WORDS.disabledOwner, "bg-slate-100 text-slate-700 ring-slate-500/20"];
  return <span className={`inline-flex rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style}`}>{label}</span>;
}
