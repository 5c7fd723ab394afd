import type { TokenRow } from "@/lib/token-columns";
import { DISABLED_REASONS, type DisabledReason } from "@/lib/token-states";
import { TOKEN_STATE_WORDS } from "./state-words";

const BADGE = "rounded-full px-2 py-px text-xs font-medium whitespace-nowrap ring-1";
// The why, under its badge, in the row itself (not only on hover): wraps within the column so that
// a long denial reason never widens the table past the page.
const WHY = "block max-w-48 text-xs break-words";

/** A token that is not active says so in the status/expiry area: Disabled (and by whom), Pending approval, Denied (and why). */
export function TokenState({ token }: { token: Pick<TokenRow, "status" | "disabledReason" | "decisionReason"> }) {
  if (token.status === "active") return null;
  if (token.status === "pending")
    return (
      <span className="flex flex-col items-start gap-0.5">
        <span className={`${BADGE} bg-sky-50 text-sky-800 ring-sky-200`}>{TOKEN_STATE_WORDS.pending}</span>
        <span className={`${WHY} text-slate-600`}>{TOKEN_STATE_WORDS.pendingHelp}</span>
      </span>
    );
  if (token.status === "denied")
    return (
      <span className="flex flex-col items-start gap-0.5">
        <span className={`${BADGE} bg-red-50 text-red-700 ring-red-200`}>{TOKEN_STATE_WORDS.denied}</span>
        <span className={`${WHY} text-red-700`}>{token.decisionReason || TOKEN_STATE_WORDS.noReason}</span>
      </span>
    );
  const reason = (DISABLED_REASONS as readonly string[]).includes(token.disabledReason ?? "")
    ? TOKEN_STATE_WORDS.by[token.disabledReason as DisabledReason]
    : null;
  return (
    <span className="flex flex-col items-start gap-0.5">
      <span className={`${BADGE} bg-slate-100 text-slate-800 ring-slate-300`}>{TOKEN_STATE_WORDS.disabled}</span>
      {reason ? <span className={`${WHY} text-slate-600`}>{reason}</span> : null}
    </span>
  );
}
