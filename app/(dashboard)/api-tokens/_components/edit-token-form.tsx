"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { ScopeBadge } from "@/components/ui/scope-badge";
import { TextField } from "@/components/ui/text-field";
import { MESSAGES, type TokenDetails } from "@/lib/model";
import { editTokenSchema, TOKEN_NAME_MAX, type EditTokenInput, type EditTokenValues } from "@/lib/validation/api-token";
import { editTokenAction } from "../actions";
import { DescriptionAndAllowedIps } from "./token-fields";

/**
 * Edit: the name, the description and the allowed IPs, validated as at creation (the same
 * schema on both sides). The scope is shown, not offered: a token that needs more rights is a
 * new token. Loaded with the details panel, on demand.
 */
export function EditTokenForm({
  token,
  onDone,
}: {
  token: TokenDetails;
  /** Back to the details: `saved` when the token changed, with what to tell the user. */
  onDone: (saved: { name: string } | null) => void;
}) {
  const [formError, setFormError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const form = useForm<EditTokenInput, unknown, EditTokenValues>({
    resolver: zodResolver(editTokenSchema),
    defaultValues: { id: token.id, name: token.name, description: token.description, allowedIps: token.allowedIps.join("\n") },
  });
  const { errors, isSubmitting } = form.formState;

  // Validated here for the inline errors; the server is sent what was typed, and validates it again with the same schema.
  const submit = form.handleSubmit(async () => {
    setFormError(null);
    const result = await editTokenAction(form.getValues()).catch(() => ({
      ok: false as const,
      message: MESSAGES.noAnswer,
      fieldErrors: undefined,
    }));
    if (result.ok) {
      onDone(result.data.changed ? { name: result.data.token.name } : null);
      return;
    }
    const fields = ["name", "description", "allowedIps"] as const;
    const named = fields.filter((field) => result.fieldErrors?.[field]?.[0]);
    for (const field of named) form.setError(field, { message: result.fieldErrors![field]![0]! }, { shouldFocus: field === named[0] });
    if (named.length === 0) setFormError(result.message);
  });

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
          autoComplete="off"
          autoFocus
          hint={`A unique name that says what the token is for. Up to ${TOKEN_NAME_MAX} characters.`}
          error={errors.name?.message}
          {...form.register("name")}
        />
        <div>
          <p className="text-sm font-medium text-slate-800">Access Scope</p>
          <p className="mt-1.5 flex flex-wrap items-center gap-2 text-xs text-slate-600">
            <ScopeBadge scope={token.scope} />
            The scope does not change: for other access, create a new token.
          </p>
        </div>
        <DescriptionAndAllowedIps
          description={form.register("description")}
          allowedIps={form.register("allowedIps")}
          errors={{ description: errors.description?.message, allowedIps: errors.allowedIps?.message }}
        />
      </div>
      <footer className="flex justify-end gap-3 border-t border-slate-200 bg-slate-50 px-6 py-4">
        <Button variant="secondary" onClick={() => onDone(null)} disabled={isSubmitting}>
          Cancel
        </Button>
        <Button type="submit" pending={isSubmitting}>
          Save changes
        </Button>
      </footer>
    </form>
  );
}
