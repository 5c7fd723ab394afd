"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { createContext, useCallback, useContext, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Modal } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { PasskeyButton } from "@/components/passkeys/passkey-button";
import { confirmIdentityAction, passkeyOptionsForSudoAction } from "@/lib/auth/sudo-actions";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { confirmCodeSchema, confirmPasswordSchema } from "@/lib/validation/sudo";
import { SUDO_WORDS } from "./words";

// Sudo mode in the page. The server decides (lib/auth/sudo.ts): an action that needs a fresh
// authentication answers `sudo: true` and does nothing. useSudoAction's wrapper then opens this
// dialog, and once the user has confirmed, sends the same input again: what they had typed in the
// form behind it is still there, and the change goes on without their typing it twice.

type Ask = () => Promise<boolean>;
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
        {open ? <ConfirmForm methods={methods} onConfirmed={() => finish(true)} onCancel={() => finish(false)} /> : null}
      </Modal>
    </SudoContext.Provider>
  );
}

function ConfirmForm({ methods, onConfirmed, onCancel }: { methods: SudoMethods; onConfirmed: () => void; onCancel: () => void }) {
  const ways = [
    methods.password ? <PasswordForm key="password" onConfirmed={onConfirmed} /> : null,
    methods.code ? <CodeForm key="code" onConfirmed={onConfirmed} /> : null,
    methods.passkey ? (
      <PasskeyButton
        key="passkey"
        label={SUDO_WORDS.passkey}
        options={passkeyOptionsForSudoAction}
        verify={({ response }) => confirmIdentityAction({ method: "passkey", response })}
        failed={SUDO_WORDS.passkeyFailed}
        onVerified={onConfirmed}
      />
    ) : null,
  ].filter(Boolean);
  return (
    <div className="mt-5 space-y-5">
      {ways.length === 0 ? <p className="text-sm text-slate-700">{SUDO_WORDS.noPassword}</p> : null}
      {ways.map((way, index) => (
        <div key={index} className="space-y-5">
          {index > 0 ? (
            <p className="flex items-center gap-3 text-xs font-medium tracking-wide text-slate-500 uppercase" aria-hidden="true">
              <span className="h-px flex-1 bg-slate-200" />
              {SUDO_WORDS.or}
              <span className="h-px flex-1 bg-slate-200" />
            </p>
          ) : null}
          {way}
        </div>
      ))}
      <div className="flex justify-end">
        <Button variant="secondary" onClick={onCancel}>
          {SUDO_WORDS.cancel}
        </Button>
      </div>
    </div>
  );
}

/** One way of confirming as a small form: its field, its error beside it, its own submit. */
function useConfirm<K extends "password" | "code">(field: K, onConfirmed: () => void) {
  const [message, setMessage] = useState<string | null>(null);
  const send = async (input: Parameters<typeof confirmIdentityAction>[0]) => {
    setMessage(null);
    const result = await confirmIdentityAction(input).catch((): ActionResult => ({ ok: false, message: MESSAGES.noAnswer }));
    if (result.ok) return onConfirmed();
    return result.fieldErrors?.[field]?.[0] ?? (setMessage(result.message), undefined);
  };
  return { message, send };
}

function PasswordForm({ onConfirmed }: { onConfirmed: () => void }) {
  const { message, send } = useConfirm("password", onConfirmed);
  const form = useForm<{ method: "password"; password: string }>({
    resolver: zodResolver(confirmPasswordSchema),
    defaultValues: { method: "password", password: "" },
  });
  const submit = form.handleSubmit(async (input) => {
    const fieldError = await send(input);
    if (fieldError) form.setError("password", { type: "server", message: fieldError }, { shouldFocus: true });
  });
  return (
    <form className="space-y-4" onSubmit={submit} noValidate>
      {message ? <FormAlert>{message}</FormAlert> : null}
      <TextField
        label={SUDO_WORDS.password}
        type="password"
        autoComplete="current-password"
        autoFocus
        error={form.formState.errors.password?.message}
        {...form.register("password")}
      />
      <div className="flex justify-end">
        <Button type="submit" pending={form.formState.isSubmitting}>
          {SUDO_WORDS.confirm}
        </Button>
      </div>
    </form>
  );
}

function CodeForm({ onConfirmed }: { onConfirmed: () => void }) {
  const { message, send } = useConfirm("code", onConfirmed);
  const form = useForm<{ method: "code"; code: string }>({
    resolver: zodResolver(confirmCodeSchema),
    defaultValues: { method: "code", code: "" },
  });
  const submit = form.handleSubmit(async (input) => {
    const fieldError = await send(input);
    if (fieldError) form.setError("code", { type: "server", message: fieldError }, { shouldFocus: true });
  });
  return (
    <form className="space-y-4" onSubmit={submit} noValidate>
      {message ? <FormAlert>{message}</FormAlert> : null}
      <TextField
        label={SUDO_WORDS.code}
        hint={SUDO_WORDS.codeHint}
        inputMode="numeric"
        autoComplete="one-time-code"
        error={form.formState.errors.code?.message}
        {...form.register("code")}
      />
      <div className="flex justify-end">
        <Button type="submit" variant="secondary" pending={form.formState.isSubmitting}>
          {SUDO_WORDS.confirmCode}
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
