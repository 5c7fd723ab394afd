"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo, useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Drawer } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { defaultExpirationChoice, SCOPE_DESCRIPTIONS, SCOPE_LABELS, SCOPES, type ExpiryPolicy } from "@/lib/model";
import { createTokenSchema, TOKEN_NAME_MAX, type CreateTokenInput, type CreateTokenValues } from "@/lib/validation/api-token";
import { createTokenAction } from "../actions";
import { ExpirationField } from "./expiration-field";
import { DescriptionAndAllowedIps } from "./token-fields";
import { TokenReveal, type RevealedToken } from "./token-reveal";

type DrawerProps = { open: boolean; onOpenChange: (open: boolean) => void; policy: ExpiryPolicy };

/** The drawer and its form: loaded on demand, so that zod and react-hook-form stay out of the listing's first load. */
export function CreateTokenDrawer({ open, onOpenChange, policy }: DrawerProps) {
  // The secret lives only in this state: closing the drawer drops it.
  const [revealed, setRevealed] = useState<RevealedToken | null>(null);

  const handleOpenChange = (next: boolean) => {
    onOpenChange(next);
    if (!next) setRevealed(null);
  };

  return (
    <Drawer
      open={open}
      onOpenChange={handleOpenChange}
      title="Create API Key"
      description={revealed ? "Your new token is ready." : "Name the token and choose what it may do."}
    >
      {revealed ? (
        <TokenReveal token={revealed} onDone={() => handleOpenChange(false)} />
      ) : (
        <CreateTokenForm policy={policy} onCreated={setRevealed} onCancel={() => handleOpenChange(false)} />
      )}
    </Drawer>
  );
}

function CreateTokenForm({
  policy,
  onCreated,
  onCancel,
}: {
  policy: ExpiryPolicy;
  onCreated: (token: RevealedToken) => void;
  onCancel: () => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const inFlight = useRef(false);
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
  const { errors, isSubmitting } = form.formState;

  // Validated here for the inline errors; the server is sent what was typed, and validates it again with the same schema.
  const submit = form.handleSubmit(async () => {
    setFormError(null);
    try {
      const result = await createTokenAction(form.getValues());
      if (result.ok) {
        onCreated({ name: result.data.token.name, scope: result.data.token.scope, secret: result.data.secret });
        return;
      }
      const fields = ["name", "scope", "expiration", "expiresOn", "description", "allowedIps"] as const;
      const named = fields.filter((field) => result.fieldErrors?.[field]?.[0]);
      for (const field of named) form.setError(field, { message: result.fieldErrors![field]![0]! }, { shouldFocus: field === named[0] });
      if (named.length === 0) setFormError(result.message);
    } catch {
      setFormError("The token could not be created: the server did not answer. Check your connection and try again.");
    }
  });

  // A second Enter or click while the first request runs must not create a second token.
  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (inFlight.current) return;
    inFlight.current = true;
    void submit(event).finally(() => {
      inFlight.current = false;
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col">
      <div className="flex-1 space-y-6 overflow-y-auto px-6 py-6">
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        <TextField
          label="API Name"
          placeholder="e.g. ci-deploy"
          autoComplete="off"
          autoFocus
          hint={`A unique name that says what the token is for. Up to ${TOKEN_NAME_MAX} characters.`}
          error={errors.name?.message}
          {...form.register("name")}
        />
        <fieldset aria-describedby={errors.scope ? "scope-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Access Scope</legend>
          <div role="radiogroup" aria-label="Access Scope" className="mt-2 grid gap-3">
            {SCOPES.map((scope) => (
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
      </div>
      <footer className="flex justify-end gap-3 border-t border-slate-200 bg-slate-50 px-6 py-4">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" pending={isSubmitting}>
          Add New API
        </Button>
      </footer>
    </form>
  );
}
