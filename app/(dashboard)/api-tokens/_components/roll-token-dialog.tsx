"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Drawer, Modal } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { MESSAGES, ROLL_OVERLAPS, type ActionResult, type TokenRow } from "@/lib/model";
import { rollTokenAction } from "../actions";
import { TokenReveal, type RevealedToken } from "./token-reveal";

type Rolled = { token: TokenRow; secret: string };

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
  const [overlap, setOverlap] = useState<string>("3600");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // The new secret lives only in this state: closing the panel drops it.
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);

  const close = () => {
    if (pending) return;
    setError(null);
    setOverlap("3600");
    onClose();
  };
  const roll = () =>
    startTransition(async () => {
      if (!token) return;
      const result = await rollTokenAction({ id: token.id, overlapSeconds: Number(overlap) }).catch((): ActionResult<Rolled> => ({
        ok: false,
        message: MESSAGES.noAnswer,
      }));
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(null);
      setOverlap("3600");
      onClose();
      setRevealed({ name: result.data.token.name, scope: result.data.token.scope, secret: result.data.secret });
    });

  return (
    <>
      <Modal
        open={token !== null}
        onOpenChange={(next) => (next ? undefined : close())}
        title={token ? `Roll “${token.name}”?` : ""}
        description="The token gets a new secret, shown once. Its name, scope and expiry stay. When should the current secret stop working?"
      >
        <fieldset className="mt-4">
          <legend className="sr-only">When the current secret stops working</legend>
          <div role="radiogroup" aria-label="When the current secret stops working" className="grid gap-2">
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
        </fieldset>
        {error ? (
          <div className="mt-4">
            <FormAlert>{error}</FormAlert>
          </div>
        ) : null}
        <div className="mt-6 flex justify-end gap-3">
          <Button variant="secondary" onClick={close} disabled={pending}>
            Cancel
          </Button>
          <Button onClick={roll} pending={pending}>
            Roll token
          </Button>
        </div>
      </Modal>
      <Drawer
        open={revealed !== null}
        onOpenChange={(next) => {
          if (next || !revealed) return;
          onRolled(revealed.name);
          setRevealed(null);
        }}
        title="Roll API Key"
        description="Your token's new secret is ready."
      >
        {revealed ? (
          <TokenReveal
            token={revealed}
            onDone={() => {
              onRolled(revealed.name);
              setRevealed(null);
            }}
          />
        ) : null}
      </Drawer>
    </>
  );
}
