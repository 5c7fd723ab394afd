"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createContext, useCallback, useContext, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { confirmIdentityAction } from "@/lib/auth/sudo-actions";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { confirmIdentitySchema, type ConfirmIdentityInput } from "@/lib/validation/sudo";
import { SUDO_WORDS } from "./words";

// Sudo mode in the page. The server decides (lib/auth/sudo.ts): an action that needs a fresh
// authentication answers `sudo: true` and does nothing. useSudoAction's wrapper then opens this
// dialog, and once the user has confirmed, sends the same input again: what they had typed in the
// form behind it is still there, and the change goes on without their typing it twice.

type Ask = () => Promise<boolean>;
const SudoContext = createContext<Ask | null>(null);

export type SudoMethods = { password: boolean };

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
        {open ? <ConfirmForm methods={methods} onConfirmed={() => finish(true)} onCancel={() => finish(false)} /> : null}
      </Modal>
    </SudoContext.Provider>
  );
}

function ConfirmForm({ methods, onConfirmed, onCancel }: { methods: SudoMethods; onConfirmed: () => void; onCancel: () => void }) {
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<ConfirmIdentityInput>({
    resolver: zodResolver(confirmIdentitySchema),
    defaultValues: { method: "password", password: "" },
  });
  const { errors, isSubmitting } = form.formState;
  const submit = form.handleSubmit(async (input) => {
    setMessage(null);
    const result = await confirmIdentityAction(input).catch(() => ({ ok: false as const, message: MESSAGES.noAnswer }));
    if (result.ok) return onConfirmed();
    const fieldError = "fieldErrors" in result ? result.fieldErrors?.password?.[0] : undefined;
    if (fieldError) form.setError("password", { type: "server", message: fieldError }, { shouldFocus: true });
    else setMessage(result.message);
  });
  if (!methods.password)
    return (
      <div className="mt-5 space-y-5">
        <p className="text-sm text-slate-700">{SUDO_WORDS.noPassword}</p>
        <div className="flex justify-end">
          <Button variant="secondary" onClick={onCancel}>
            {SUDO_WORDS.cancel}
          </Button>
        </div>
      </div>
    );
  return (
    <form className="mt-5 space-y-5" onSubmit={submit} noValidate>
      {message ? <FormAlert>{message}</FormAlert> : null}
      <input type="hidden" {...form.register("method")} />
      <TextField
        label={SUDO_WORDS.password}
        type="password"
        autoComplete="current-password"
        autoFocus
        error={errors.password?.message}
        {...form.register("password")}
      />
      <div className="flex flex-wrap justify-end gap-3">
        <Button variant="secondary" onClick={onCancel}>
          {SUDO_WORDS.cancel}
        </Button>
        <Button type="submit" pending={isSubmitting}>
          {SUDO_WORDS.confirm}
        </Button>
      </div>
    </form>
  );
}

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
