"use client";

import { useState } from "react";
import { useCloseGuard } from "@/components/ui/close-guard";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Drawer } from "@/components/ui/dialog";
import { ROLL_OVERLAPS } from "@/lib/model";
import { type TokenRow } from "@/lib/token-columns";
import { rollTokenAction } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { ROLL_WORDS, UNCOPIED_SECRET } from "../words";
import { TokenReveal, type RevealedToken } from "./token-reveal";
import { useInContext } from "./team-context";

const DEFAULT_OVERLAP = "3600";

/**
 * Roll: choose when the current secret stops working, then the new secret is shown once, in
 * the same panel as at creation. The token keeps its id, name, scope and expiry.
 */
export function RollTokenDialog({
  token,
  onClose,
  onRolled,
}: {
  token: TokenRow | null;
  onClose: () => void;
  onRolled: (name: string) => void;
}) {
  const inContext = useInContext();
  const roll = useSudoAction(rollTokenAction);
  const [overlap, setOverlap] = useState<string>(DEFAULT_OVERLAP);
  // The new secret lives only in this state: closing the panel drops it.
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);
  const [copied, setCopied] = useState(false);
  const finish = () => {
    if (!revealed) return;
    onRolled(revealed.name);
    setRevealed(null);
    setCopied(false);
  };
  // The new secret is shown once: closing before it was copied asks first.
  const guard = useCloseGuard(revealed && !copied ? UNCOPIED_SECRET : null, finish);

  return (
    <>
      <ConfirmDialog
        subject={token}
        tone="primary"
        title={(subject) => ROLL_WORDS.title(subject.name)}
        description={ROLL_WORDS.description}
        confirmLabel={ROLL_WORDS.confirm}
        action={(subject) => roll(inContext({ id: subject.id, overlapSeconds: Number(overlap) }))}
        onClose={() => {
          setOverlap(DEFAULT_OVERLAP);
          onClose();
        }}
        onDone={({ token: rolledToken, secret, policyExpiry }) =>
          setRevealed({
            id: rolledToken.id,
            name: rolledToken.name,
            scope: rolledToken.scope,
            permissions: rolledToken.permissions,
            secret,
            policyExpiry,
          })
        }
      >
        <fieldset className="mt-4">
          <legend className="sr-only">{ROLL_WORDS.when}</legend>
          <div role="radiogroup" aria-label={ROLL_WORDS.when} aria-describedby="roll-leak-advice" className="grid gap-2">
            {ROLL_OVERLAPS.map((option) => (
              <label
                key={option.value}
                className={cn(
                  "flex cursor-pointer items-center gap-3 rounded-lg border border-slate-300 px-3 py-2.5 text-sm text-slate-800",
                  "has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:ring-1 has-[:checked]:ring-brand-500",
                  "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500",
                )}
              >
                <input
                  type="radio"
                  name="overlap"
                  value={option.value}
                  checked={overlap === option.value}
                  onChange={() => setOverlap(option.value)}
                  className="size-4 accent-brand-600 focus-visible:outline-none"
                />
                {option.label}
              </label>
            ))}
          </div>
          {/* An overlap keeps the old secret working for whoever holds it: right for a planned rotation, wrong for a leak. */}
          <p id="roll-leak-advice" className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {ROLL_WORDS.leakAdviceBefore} <strong>{ROLL_OVERLAPS[0].label}</strong>
            {ROLL_WORDS.leakAdviceAfter}
          </p>
        </fieldset>
      </ConfirmDialog>
      <Drawer
        open={revealed !== null}
        onOpenChange={(next) => (next ? undefined : guard.requestClose())}
        title={ROLL_WORDS.panelTitle}
        description={ROLL_WORDS.panelDescription}
      >
        {revealed ? <TokenReveal token={revealed} onCopied={() => setCopied(true)} onDone={guard.requestClose} /> : null}
      </Drawer>
      {guard.dialog}
    </>
  );
}
