import type { TokenRow } from "@/lib/token-columns";
import { DISABLED_REASONS, type DisabledReason } from "@/lib/token-states";
import { TOKEN_STATE_WORDS } from "./state-words";

const BADGE = "rounded-full px-2 py-px text-xs font-medium whitespace-nowrap ring-1";

/** A token that is not active says so in the status/expiry area: Disabled (and by whom), Pending approval, Denied: reason. */
export function TokenState({ token }: { token: Pick<TokenRow, "status" | "disabledReason" | "decisionReason"> }) {
  if (token.status === "active") return null;
  if (token.status === "pending")
    return (
      <span title={TOKEN_STATE_WORDS.pendingHelp} className={`${BADGE} bg-sky-50 text-sky-800 ring-sky-200`}>
        {TOKEN_STATE_WORDS.pending}
      </span>
    );
  if (token.status === "denied")
    return (
      <span className={`${BADGE} max-w-56 bg-red-50 whitespace-normal text-red-700 ring-red-200`}>
        {TOKEN_STATE_WORDS.deniedBecause(token.decisionReason || "no reason given")}
      </span>
    );
  const reason = (DISABLED_REASONS as readonly string[]).includes(token.disabledReason ?? "")
    ? TOKEN_STATE_WORDS.by[token.disabledReason as DisabledReason]
    : TOKEN_STATE_WORDS.disabled;
  return (
    <span title={reason} className={`${BADGE} bg-slate-100 text-slate-800 ring-slate-300`}>
      <span>{TOKEN_STATE_WORDS.disabled}</span>
      <span className="sr-only">: {reason}</span>
    </span>
  );
}
