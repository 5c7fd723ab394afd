"use client";

import Link from "next/link";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/model";
import type { SignupInput } from "@/lib/validation/auth";
import { AuthForm } from "../../_components/auth-form";
import { signupAction } from "../actions";

const loadSignupSchema = () => import("@/lib/validation/auth").then((m) => m.signupSchema);

/** Sign-up; on a console without accounts, the same form creates its admin (`firstAccount`). */
export function SignupForm({ returnTo, firstAccount }: { returnTo: string; firstAccount: boolean }) {
  const { form, field, pending, formError, formProps } = useActionForm<SignupInput>({
    action: signupAction,
    schema: loadSignupSchema,
    defaultValues: { name: "", email: "", password: "" },
  });
  const { errors } = form.formState;

  return (
    <AuthForm
      title={firstAccount ? "Create the admin account" : "Sign up"}
      subtitle={
        firstAccount
          ? "This console has no accounts yet. The first one is its admin: it sees every token and the audit log, and can revoke any token."
          : "It takes a minute, and you go straight to your console."
      }
      formProps={formProps}
      error={formError}
      submitLabel={firstAccount ? "Create the admin account" : "Sign up"}
      pending={pending}
      footer={
        firstAccount ? (
          "Everyone else signs up after you, as a member."
        ) : (
          <>
            Already have an account?{" "}
            <Link href="/login" className="font-medium text-brand-600 hover:underline">
              Login
            </Link>
          </>
        )
      }
    >
      <input type="hidden" name="callbackUrl" value={returnTo} />
      {/* Tells the action this form means the first account: it is then refused if someone else made it first. */}
      {firstAccount ? <input type="hidden" name="firstAccount" value="1" /> : null}
      <TextField label="Name" autoComplete="name" error={errors.name?.message} {...field("name")} />
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...field("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase works well.`}
        error={errors.password?.message}
        {...field("password")}
      />
    </AuthForm>
  );
}
