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
  /** Why the visitor is here, when the server said so (a session it ended), shown above the fields. */
  notice?: string | null;
  /** "success" for a notice that says the form did its work (a reset link is on its way). */
  noticeTone?: "info" | "success";
  submitLabel: string;
  pending: boolean;
  /** The line under the button: a link to the other form. */
  footer: React.ReactNode;
  /** Above the form: another way in (single sign-on's button). */
  lead?: React.ReactNode;
  children: React.ReactNode;
};

/** The shell of the login and sign-up forms: heading, form-level error, fields, submit, the other form's link. */
export function AuthForm({
  title,
  subtitle,
  formProps,
  error,
  notice,
  noticeTone = "info",
  submitLabel,
  pending,
  footer,
  lead,
  children,
}: Props) {
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-1 text-sm text-slate-600">{subtitle}</p>
      {lead ? <div className="mt-6">{lead}</div> : null}
      <form {...formProps} className="mt-6 space-y-4">
        {notice && !error ? (
          <p
            role="status"
            className={
              noticeTone === "success"
                ? "rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2.5 text-sm text-emerald-900"
                : "rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900"
            }
          >
            {notice}
          </p>
        ) : null}
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
