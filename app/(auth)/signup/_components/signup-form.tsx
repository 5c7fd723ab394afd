"use client";

import Link from "next/link";
import { useActionForm } from "@/components/forms/use-action-form";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/model";
import type { SignupInput } from "@/lib/validation/auth";
import { AuthForm } from "../../_components/auth-form";
import { signupAction } from "../actions";

const loadSignupSchema = () => import("@/lib/validation/auth").then((m) => m.signupSchema);

export function SignupForm({ returnTo }: { returnTo: string }) {
  const { form, field, pending, formError, formProps } = useActionForm<SignupInput>({
    action: signupAction,
    schema: loadSignupSchema,
    defaultValues: { name: "", email: "", password: "" },
  });
  const { errors } = form.formState;

  return (
    <AuthForm
      title="Create your account"
      subtitle="It takes a minute. You will be logged in right away."
      formProps={formProps}
      error={formError}
      submitLabel="Sign up"
      pending={pending}
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-brand-600 hover:underline">
            Log in
          </Link>
        </>
      }
    >
      <input type="hidden" name="callbackUrl" value={returnTo} />
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
