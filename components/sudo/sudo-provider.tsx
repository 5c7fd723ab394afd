"use client";

import { createContext, lazy, Suspense, useCallback, useContext, useRef, useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import { Modal } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/model";
import { SUDO_WORDS } from "./words";

// Sudo mode in the page. The server decides (lib/auth/sudo.ts): an action that needs a fresh
// authentication answers `sudo: true` and does nothing. useSudoAction's wrapper then opens this
// dialog, and once the user has confirmed, sends the same input again: what they had typed in the
// form behind it is still there, and the change goes on without their typing it twice.

type Ask = () => Promise<boolean>;
const ConfirmForm = lazy(() => import("./confirm-form"));
const SudoContext = createContext<Ask | null>(null);

/** How this account can confirm: a password, an authenticator app (its recovery codes too), passkeys. */
export type SudoMethods = { password: boolean; code: boolean; passkey: boolean };

export function SudoProvider({ methods, minutes, children }: { methods: SudoMethods; minutes: number; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);
  const ask = useCallback<Ask>(
    () =>
      new Promise<boolean>((resolve) => {
        settle.current?.(false);
        settle.current = resolve;
        setOpen(true);
      }),
    [],
  );
  const finish = (confirmed: boolean) => {
    settle.current?.(confirmed);
    settle.current = null;
    setOpen(false);
  };
  return (
    <SudoContext.Provider value={ask}>
      {children}
      <Modal
        open={open}
        onOpenChange={(next) => {
          if (!next) finish(false);
        }}
        stacked
        title={SUDO_WORDS.title}
        description={SUDO_WORDS.description(minutes)}
      >
        {open ? (
          <Suspense
            fallback={
              <div className="mt-5 flex justify-center text-slate-500">
                <Spinner className="size-5" />
              </div>
            }
          >
            <ConfirmForm methods={methods} onConfirmed={() => finish(true)} onCancel={() => finish(false)} />
          </Suspense>
        ) : null}
      </Modal>
    </SudoContext.Provider>
  );
}

/**
 * The dialog itself, for a form posted through useActionState (useActionForm): when its answer
 * asks for sudo mode, the form calls this, and posts itself again once the user has confirmed.
 */
export function useSudoAsk(): Ask {
  const ask = useContext(SudoContext);
  return ask ?? noDialog;
}
const noDialog: Ask = async () => false;

/**
 * A server action that may need sudo mode, as the page calls it: when the answer asks for a fresh
 * authentication, the dialog asks, and the same input goes again once the user has confirmed.
 * Cancelled, the answer is the action's own ("nothing was changed yet"), and the form keeps its input.
 */
export function useSudoAction<I, T>(action: (input: I) => Promise<ActionResult<T>>): (input: I) => Promise<ActionResult<T>> {
  const ask = useContext(SudoContext);
  return useCallback(
    async (input: I) => {
      const first = await action(input);
      if (first.ok || !first.sudo || !ask) return first;
      return (await ask()) ? action(input) : first;
    },
    [action, ask],
  );
}
