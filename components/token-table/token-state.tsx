import type { TokenRow } from "@/lib/token-columns";
import { DISABLED_REASONS, type DisabledReason } from "@/lib/token-states";
import { TOKEN_STATE_WORDS } from "./state-words";

const TONES = {
  pending: { badge: "bg-sky-50 text-sky-800 ring-sky-200", why: "text-slate-600" },
  denied: { badge: "bg-red-50 text-red-700 ring-red-200", why: "text-red-700" },
  disabled: { badge: "bg-slate-100 text-slate-800 ring-slate-300", why: "text-slate-600" },
} as const;

/** A token that is not active says so in the status/expiry area: Disabled (and by whom), Pending approval, Denied (and why). */
export function TokenState({ token }: { token: Pick<TokenRow, "status" | "disabledReason" | "decisionReason"> }) {
  if (token.status === "active") return null;
  if (token.status === "pending") return <State tone="pending" label={TOKEN_STATE_WORDS.pending} why={TOKEN_STATE_WORDS.pendingHelp} />;
  if (token.status === "denied")
    return <State tone="denied" label={TOKEN_STATE_WORDS.denied} why={token.decisionReason || TOKEN_STATE_WORDS.noReason} />;
  const known = (DISABLED_REASONS as readonly string[]).includes(token.disabledReason ?? "");
  return (
    <State
      tone="disabled"
      label={TOKEN_STATE_WORDS.disabled}
      why={known ? TOKEN_STATE_WORDS.by[token.disabledReason as DisabledReason] : null}
    />
  );
}

/**
 * The badge, and the why under it, in the row itself (not only on hover): it wraps within the
 * column, so that a long denial reason never widens the table past the page.
 */
function State({ tone, label, why }: { tone: keyof typeof TONES; label: string; why: string | null }) {
  return (
    <span className="flex flex-col items-start gap-0.5">
      <span className={`rounded-full px-2 py-px text-xs font-medium whitespace-nowrap ring-1 ${TONES[tone].badge}`}>{label}</span>
      {why ? <span className={`block max-w-48 text-xs break-words ${TONES[tone].why}`}>{why}</span> : null}
    </span>
  );
}
