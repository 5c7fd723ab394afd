"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MAX, PASSWORD_MIN, signupSchema, type SignupInput } from "@/lib/validation/auth";
import { AuthForm } from "../../_components/auth-form";
import { signupAction } from "../actions";

export function SignupForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<SignupInput>({ resolver: zodResolver(signupSchema), defaultValues: { name: "", email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await signupAction(values);
    if (!result.ok) {
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        if (messages?.[0]) form.setError(field as keyof SignupInput, { message: messages[0] });
      }
      if (!result.fieldErrors) setError(result.message);
      return;
    }
    const login = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    if (!login || login.error) {
      router.replace("/login");
      return;
    }
    router.replace(returnTo);
    router.refresh();
  });

  return (
    <AuthForm
      title="Create your account"
      subtitle="It takes a minute. You will be logged in right away."
      onSubmit={onSubmit}
      error={error}
      submitLabel="Sign up"
      pending={isSubmitting}
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-brand-600 hover:underline">
            Log in
          </Link>
        </>
      }
    >
      <TextField label="Name" autoComplete="name" error={errors.name?.message} {...form.register("name")} />
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...form.register("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters. A passphrase works well.`}
        error={errors.password?.message}
        {...form.register("password")}
      />
    </AuthForm>
  );
}
