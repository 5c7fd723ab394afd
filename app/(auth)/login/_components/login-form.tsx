"use client";

import Link from "next/link";
import { useEffect } from "react";
import { useActionForm } from "@/components/forms/use-action-form";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import type { LoginInput } from "@/lib/validation/auth";
import { AuthForm } from "../../_components/auth-form";
import { loginAction } from "../actions";
import { SSO_WORDS } from "../../words";
import { SsoButton } from "./sso-button";
import { PasskeySignIn } from "./passkey-sign-in";

const loadLoginSchema = () => import("@/lib/validation/auth").then((m) => m.loginSchema);

type Props = {
  returnTo: string;
  signupOpen: boolean;
  /** Whether "Forgot password?" can email a reset link (SMTP_URL and PUBLIC_URL); else an admin resets it. */
  resetByEmail: boolean;
  notice: string | null;
  /** Single sign-on's provider name, when it is set up: its button comes first. */
  sso: string | null;
  /** Why a single sign-on came back without a session. */
  problem: string | null;
};

export function LoginForm({ returnTo, signupOpen, resetByEmail, notice, sso, problem }: Props) {
  const { form, field, state, pending, formError, formProps } = useActionForm<LoginInput>({
    action: loginAction,
    schema: loadLoginSchema,
    defaultValues: { email: "", password: "" },
  });
  const { errors } = form.formState;
  // A refused login clears the password field, as people expect.
  useEffect(() => {
    if (state && !state.ok) form.resetField("password");
  }, [state, form]);

  return (
    <AuthForm
      title="Login"
      subtitle={sso ? SSO_WORDS.subtitle(sso) : "Enter your credentials to reach your console."}
      formProps={formProps}
      error={formError}
      notice={state || problem ? null : notice}
      lead={
        sso ? (
          <>
            {/* A refused single sign-on is said by its button, not inside the password form below. */}
            {problem && !state ? (
              <div className="mb-4">
                <FormAlert>{problem}</FormAlert>
              </div>
            ) : null}
            <SsoButton name={sso} returnTo={returnTo} variant="secondary" />
            <PasskeySignIn returnTo={returnTo} />
            <p className="mt-6 flex items-center gap-3 text-xs font-medium tracking-wide text-slate-500 uppercase before:h-px before:flex-1 before:bg-slate-200 after:h-px after:flex-1 after:bg-slate-200">
              {SSO_WORDS.or}
            </p>
          </>
        ) : (
          <PasskeySignIn returnTo={returnTo} />
        )
      }
      submitLabel="Login"
      pending={pending}
      footer={
        signupOpen ? (
          <>
            If you don’t have an account,{" "}
            <Link
              href={`/signup${returnTo === "/api-tokens" ? "" : `?callbackUrl=${encodeURIComponent(returnTo)}`}`}
              className="font-medium text-brand-600 hover:underline"
            >
              sign up
            </Link>{" "}
            here.
          </>
        ) : (
          "If you don’t have an account, ask an administrator to add you."
        )
      }
    >
      <input type="hidden" name="callbackUrl" value={returnTo} />
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...field("email")} />
      <TextField label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...field("password")} />
      {resetByEmail ? (
        <p className="-mt-2 text-right text-sm">
          <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
            Forgot password?
          </Link>
        </p>
      ) : (
        <p className="-mt-2 text-sm text-slate-600">Forgot your password? Ask an admin to reset it for you.</p>
      )}
    </AuthForm>
  );
}
