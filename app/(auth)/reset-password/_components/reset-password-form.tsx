"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { NewPasswordFields } from "@/components/forms/new-password-fields";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormAlert } from "@/components/ui/form-alert";
import { Spinner } from "@/components/ui/spinner";
import { MESSAGES } from "@/lib/model";
import type { ResetPasswordInput } from "@/lib/validation/auth";
import { AuthForm } from "../../_components/auth-form";
import { checkResetLinkAction, resetPasswordAction } from "../actions";

const loadSchema = () => import("@/lib/validation/auth").then((m) => m.resetPasswordSchema);

type LinkState = { state: "reading" } | { state: "refused"; message: string } | { state: "ready"; token: string };

/**
 * The reset link's page. Its token is in the address's fragment, which no server sees: read
 * here, taken out of the address bar and the history at once, checked, then posted with the
 * new password.
 */
export function ResetPasswordForm() {
  const [link, setLink] = useState<LinkState>({ state: "reading" });
  const read = useRef(false);
  useEffect(() => {
    if (read.current) return;
    read.current = true;
    const token = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
    if (window.location.hash) window.history.replaceState(null, "", window.location.pathname);
    checkResetLinkAction({ token })
      .then((answer) => setLink(answer.ok ? { state: "ready", token } : { state: "refused", message: answer.message }))
      .catch(() => setLink({ state: "refused", message: MESSAGES.noAnswer }));
  }, []);

  if (link.state === "ready") return <NewPasswordForm token={link.token} />;
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Choose a new password</h1>
      {link.state === "reading" ? (
        <p role="status" className="mt-4 flex items-center gap-2 text-sm text-slate-600">
          <Spinner className="size-4" /> Checking your link…
        </p>
      ) : (
        <div className="mt-4 space-y-4">
          <FormAlert>{link.message}</FormAlert>
          <p className="text-center text-sm text-slate-600">
            <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
              Ask for a new link
            </Link>
          </p>
        </div>
      )}
    </>
  );
}

function NewPasswordForm({ token }: { token: string }) {
  const { form, field, state, pending, formError, formProps } = useActionForm<ResetPasswordInput>({
    action: resetPasswordAction,
    schema: loadSchema,
    defaultValues: { token, newPassword: "", confirmPassword: "" },
  });
  const { errors } = form.formState;
  // Passwords never stay in the fields once the server has answered.
  useEffect(() => {
    if (state) form.reset({ token, newPassword: "", confirmPassword: "" }, { keepErrors: true });
  }, [state, form, token]);

  return (
    <AuthForm
      title="Choose a new password"
      subtitle="It replaces your old one, and logs your account out of every other browser."
      formProps={formProps}
      error={formError}
      submitLabel="Set new password"
      pending={pending}
      footer={
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
          Ask for a new link
        </Link>
      }
    >
      <input type="hidden" name="token" value={token} />
      <NewPasswordFields field={field} errors={errors} />
    </AuthForm>
  );
}
