"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { useSubmitOnce } from "@/components/forms/use-submit-once";
import { useCloseGuard } from "@/components/ui/close-guard";
import { cn } from "@/components/ui/cn";
import { Drawer } from "@/components/ui/dialog";
import { defaultExpirationChoice, type ExpiryPolicy } from "@/lib/model";
import { PRESETS, SCOPE_DESCRIPTIONS, SCOPE_LABELS } from "@/lib/scopes";
import { createTokenSchema, type CreateTokenInput, type CreateTokenValues } from "@/lib/validation/api-token";
import { createTokenAction } from "../actions";
import { CREATE_WORDS, UNCOPIED_SECRET, UNSAVED_FORM } from "../words";
import { ExpirationField } from "./expiration-field";
import { DescriptionAndAllowedIps, DrawerForm, NameField } from "./token-fields";
import { TokenReveal, type RevealedToken } from "./token-reveal";

type DrawerProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  policy: ExpiryPolicy;
  /** After Done: the new token's id, to mark its row in the listing. */
  onCreated?: (id: string) => void;
};

/** The drawer and its form: loaded on demand, so that zod and react-hook-form stay out of the listing's first load. */
export function CreateTokenDrawer({ open, onOpenChange, policy, onCreated }: DrawerProps) {
  // The secret lives only in this state: closing the drawer drops it.
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [dirty, setDirty] = useState(false);

  const close = () => {
    onOpenChange(false);
    if (revealed) onCreated?.(revealed.id);
    setRevealed(null);
    setCopied(false);
    setDirty(false);
  };
  // A stray Escape or click outside must not lose the one view of the secret, or a half-filled form.
  const guard = useCloseGuard(revealed ? (copied ? null : UNCOPIED_SECRET) : dirty ? UNSAVED_FORM : null, close);

  return (
    <>
      <Drawer
        open={open}
        onOpenChange={(next) => (next ? onOpenChange(true) : guard.requestClose())}
        title={CREATE_WORDS.title}
        description={revealed ? CREATE_WORDS.revealedDescription : CREATE_WORDS.description}
      >
        {revealed ? (
          <TokenReveal token={revealed} onCopied={() => setCopied(true)} onDone={guard.requestClose} />
        ) : (
          <CreateTokenForm policy={policy} onCreated={setRevealed} onDirty={setDirty} onCancel={guard.requestClose} />
        )}
      </Drawer>
      {guard.dialog}
    </>
  );
}

function CreateTokenForm({
  policy,
  onCreated,
  onDirty,
  onCancel,
}: {
  policy: ExpiryPolicy;
  onCreated: (token: RevealedToken) => void;
  onDirty: (dirty: boolean) => void;
  onCancel: () => void;
}) {
  const schema = useMemo(() => createTokenSchema(policy), [policy]);
  const form = useForm<CreateTokenInput, unknown, CreateTokenValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: "",
      scope: "READ_ONLY",
      expiration: defaultExpirationChoice(policy),
      expiresOn: "",
      description: "",
      allowedIps: "",
    },
  });
  const { errors, isSubmitting, isDirty } = form.formState;
  useEffect(() => onDirty(isDirty), [isDirty, onDirty]);

  const { formError, onSubmit } = useSubmitOnce({
    form,
    fields: ["name", "scope", "expiration", "expiresOn", "description", "allowedIps"],
    send: createTokenAction,
    onDone: ({ token, secret }) =>
      onCreated({ id: token.id, name: token.name, scope: token.scope, permissions: token.permissions, secret }),
    noAnswer: CREATE_WORDS.noAnswer,
  });

  return (
    <DrawerForm onSubmit={onSubmit} formError={formError} submitLabel={CREATE_WORDS.submit} pending={isSubmitting} onCancel={onCancel}>
      <NameField registration={form.register("name")} error={errors.name?.message} />
      <fieldset aria-describedby={errors.scope ? "scope-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">{CREATE_WORDS.scope}</legend>
        <div role="radiogroup" aria-label={CREATE_WORDS.scope} className="mt-2 grid gap-3">
          {PRESETS.map((scope) => (
            <label
              key={scope}
              className={cn(
                "flex cursor-pointer gap-3 rounded-lg border p-3.5 transition-colors",
                "border-slate-300 hover:border-slate-400 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:ring-1 has-[:checked]:ring-brand-500",
                "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500",
              )}
            >
              <input
                type="radio"
                value={scope}
                aria-describedby={`scope-${scope}-description`}
                className="mt-0.5 size-4 accent-brand-600 focus-visible:outline-none"
                {...form.register("scope")}
              />
              <span>
                <span className="block text-sm font-medium text-slate-900">{SCOPE_LABELS[scope]}</span>
                <span id={`scope-${scope}-description`} className="mt-0.5 block text-sm text-slate-600">
                  {SCOPE_DESCRIPTIONS[scope]}
                </span>
              </span>
            </label>
          ))}
        </div>
        {errors.scope ? (
          <p id="scope-error" className="mt-1.5 text-sm text-red-600">
            {errors.scope.message}
          </p>
        ) : null}
      </fieldset>
      <ExpirationField form={form} policy={policy} />
      <DescriptionAndAllowedIps
        description={form.register("description")}
        allowedIps={form.register("allowedIps")}
        errors={{ description: errors.description?.message, allowedIps: errors.allowedIps?.message }}
      />
    </DrawerForm>
  );
}
