"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { PasskeyButton } from "@/components/passkeys/passkey-button";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { confirmIdentityAction, passkeyOptionsForSudoAction } from "@/lib/auth/sudo-actions";
import { MESSAGES, type ActionResult } from "@/lib/model";
import { confirmCodeSchema, confirmPasswordSchema } from "@/lib/validation/sudo";
import type { SudoMethods } from "./sudo-provider";
import { SUDO_WORDS } from "./words";

// The sudo dialog's forms, loaded when the dialog first opens: zod, the resolvers and the passkey
// ceremony are not in every page's first load.

export default function ConfirmForm({
  methods,
  onConfirmed,
  onCancel,
}: {
  methods: SudoMethods;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const ways = [
    methods.password ? <TypedForm key="password" method="password" onConfirmed={onConfirmed} /> : null,
    methods.code ? <TypedForm key="code" method="code" onConfirmed={onConfirmed} /> : null,
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

/** The two ways of confirming with something typed: the field each needs, from the action's own schema. */
const TYPED = {
  password: {
    secret: confirmPasswordSchema.shape.password,
    field: { label: SUDO_WORDS.password, type: "password", autoComplete: "current-password", autoFocus: true },
    submit: SUDO_WORDS.confirm,
    variant: "primary",
  },
  code: {
    secret: confirmCodeSchema.shape.code,
    field: { label: SUDO_WORDS.code, hint: SUDO_WORDS.codeHint, inputMode: "numeric", autoComplete: "one-time-code" },
    submit: SUDO_WORDS.confirmCode,
    variant: "secondary",
  },
} as const;

/** One way of confirming as a small form: its field, its error beside it, its own submit. */
function TypedForm({ method, onConfirmed }: { method: keyof typeof TYPED; onConfirmed: () => void }) {
  const way = TYPED[method];
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<{ secret: string }>({ resolver: zodResolver(z.object({ secret: way.secret })), defaultValues: { secret: "" } });
  const submit = form.handleSubmit(async ({ secret }) => {
    setMessage(null);
    const input = method === "password" ? { method, password: secret } : { method, code: secret };
    const result = await confirmIdentityAction(input).catch((): ActionResult => ({ ok: false, message: MESSAGES.noAnswer }));
    if (result.ok) return onConfirmed();
    const fieldError = result.fieldErrors?.[method]?.[0];
    if (fieldError) form.setError("secret", { type: "server", message: fieldError }, { shouldFocus: true });
    else setMessage(result.message);
  });
  return (
    <form className="space-y-4" onSubmit={submit} noValidate>
      {message ? <FormAlert>{message}</FormAlert> : null}
      <TextField {...way.field} error={form.formState.errors.secret?.message} {...form.register("secret")} />
      <div className="flex justify-end">
        <Button type="submit" variant={way.variant} pending={form.formState.isSubmitting}>
          {way.submit}
        </Button>
      </div>
    </form>
  );
}
