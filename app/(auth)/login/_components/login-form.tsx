"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { TextField } from "@/components/ui/text-field";
import { loginSchema, type LoginInput } from "@/lib/validation/auth";
import { AuthForm } from "../../_components/auth-form";

export function LoginForm({ returnTo }: { returnTo: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<LoginInput>({ resolver: zodResolver(loginSchema), defaultValues: { email: "", password: "" } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setError(null);
    const result = await signIn("credentials", { ...values, redirect: false });
    if (!result || result.error) {
      // next-auth reports the message authorize() threw; anything else is a generic failure.
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Something went wrong. Try again.");
      form.resetField("password");
      return;
    }
    router.replace(returnTo);
    router.refresh();
  });

  return (
    <AuthForm
      title="Log in"
      subtitle="Enter your credentials to reach your console."
      onSubmit={onSubmit}
      error={error}
      submitLabel="Login"
      pending={isSubmitting}
      footer={
        <>
          No account yet?{" "}
          <Link
            href={`/signup${returnTo === "/api-tokens" ? "" : `?callbackUrl=${encodeURIComponent(returnTo)}`}`}
            className="font-medium text-brand-600 hover:underline"
          >
            sign up
          </Link>
        </>
      }
    >
      <TextField label="Email" type="email" autoComplete="email" error={errors.email?.message} {...form.register("email")} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...form.register("password")}
      />
    </AuthForm>
  );
}
