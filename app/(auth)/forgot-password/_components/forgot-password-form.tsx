"use client";

import Link from "next/link";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/text-field";
import type { ForgotPasswordInput } from "@/lib/validation/auth";
import { AuthForm } from "../../_components/auth-form";
import { FORGOT_PASSWORD_WORDS } from "../../words";
import { forgotPasswordAction } from "../actions";

const loadSchema = () => import("@/lib/validation/auth").then((m) => m.forgotPasswordSchema);

export function ForgotPasswordForm() {
  const { form, field, state, pending, formError, formProps } = useActionForm<ForgotPasswordInput>({
    action: forgotPasswordAction,
    schema: loadSchema,
    defaultValues: { email: "" },
  });
  const { errors } = form.formState;

  return (
    <AuthForm
      title="Forgot password"
      subtitle="Enter the email of your account. We will send it a link to choose a new password."
      formProps={formProps}
      error={formError}
      notice={state?.ok ? FORGOT_PASSWORD_WORDS.sent : null}
      noticeTone="success"
      submitLabel="Send reset link"
      pending={pending}
      footer={
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          Back to Login
        </Link>
      }
    >
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...field("email")} />
    </AuthForm>
  );
}
