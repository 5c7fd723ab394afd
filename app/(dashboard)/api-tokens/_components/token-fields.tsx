"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TextAreaField, TextField } from "@/components/ui/text-field";
import { MAX_ALLOWED_IPS } from "@/lib/ip-allowlist";
import { TOKEN_DESCRIPTION_MAX, TOKEN_NAME_MAX } from "@/lib/validation/api-token";
import { FIELD_WORDS } from "../words";

// What the Create and Edit forms share: their frame in the drawer (fields that scroll, the
// buttons below), the name, what the token is for, and the addresses it may be used from. Both
// forms validate them with the same schemas.

/** A form in a drawer: its alert and fields scroll; Cancel and the submit button stay below. */
export function DrawerForm({
  onSubmit,
  formError,
  submitLabel,
  pending,
  onCancel,
  children,
}: {
  onSubmit: (event: React.FormEvent<HTMLFormElement>) => void;
  formError: string | null;
  submitLabel: string;
  pending: boolean;
  onCancel: () => void;
  children: React.ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate className="flex min-h-0 flex-1 flex-col">
      <div className="flex-1 space-y-6 overflow-y-auto px-6 py-6">
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        {children}
      </div>
      <footer className="flex justify-end gap-3 border-t border-slate-200 bg-slate-50 px-6 py-4">
        <Button variant="secondary" onClick={onCancel} disabled={pending}>
          {FIELD_WORDS.cancel}
        </Button>
        <Button type="submit" pending={pending}>
          {submitLabel}
        </Button>
      </footer>
    </form>
  );
}

export function NameField({ registration, error }: { registration: UseFormRegisterReturn<"name">; error?: string }) {
  return (
    <TextField
      label={FIELD_WORDS.name}
      placeholder={FIELD_WORDS.namePlaceholder}
      autoComplete="off"
      autoFocus
      hint={FIELD_WORDS.nameHint(TOKEN_NAME_MAX)}
      error={error}
      {...registration}
    />
  );
}

export function DescriptionAndAllowedIps({
  description,
  allowedIps,
  errors,
  requiredForWrite = false,
}: {
  description: UseFormRegisterReturn<"description">;
  allowedIps: UseFormRegisterReturn<"allowedIps">;
  errors: { description?: string; allowedIps?: string };
  /** The policy requires allowed IPs for a token that can write: the field is not called optional, and says when it is needed. */
  requiredForWrite?: boolean;
}) {
  return (
    <>
      <TextField
        label={FIELD_WORDS.description}
        optional
        placeholder={FIELD_WORDS.descriptionPlaceholder}
        autoComplete="off"
        hint={FIELD_WORDS.descriptionHint(TOKEN_DESCRIPTION_MAX)}
        error={errors.description}
        {...description}
      />
      <TextAreaField
        label={FIELD_WORDS.allowedIps}
        optional={!requiredForWrite}
        rows={3}
        spellCheck={false}
        autoComplete="off"
        placeholder={"203.0.113.0/24\n2001:db8::/32"}
        hint={requiredForWrite ? FIELD_WORDS.allowedIpsRequiredHint(MAX_ALLOWED_IPS) : FIELD_WORDS.allowedIpsHint(MAX_ALLOWED_IPS)}
        error={errors.allowedIps}
        {...allowedIps}
      />
    </>
  );
}
