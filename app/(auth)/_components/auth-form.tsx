"use client";

import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";

type Props = {
  title: string;
  subtitle: string;
  /** From useActionForm: the form posts to its server action, with or without JavaScript. */
  formProps: React.ComponentProps<"form">;
  /** A form-level error, shown above the fields. */
  error: string | null;
  submitLabel: string;
  pending: boolean;
  /** The line under the button: a link to the other form. */
  footer: React.ReactNode;
  children: React.ReactNode;
};

/** The shell of the login and sign-up forms: heading, form-level error, fields, submit, the other form's link. */
export function AuthForm({ title, subtitle, formProps, error, submitLabel, pending, footer, children }: Props) {
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-1 text-sm text-slate-600">{subtitle}</p>
      <form {...formProps} className="mt-6 space-y-4">
        {error ? <FormAlert>{error}</FormAlert> : null}
        {children}
        <Button type="submit" pending={pending} className="w-full">
          {submitLabel}
        </Button>
        <p className="text-center text-sm text-slate-600">{footer}</p>
      </form>
    </>
  );
}
