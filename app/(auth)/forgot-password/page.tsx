import { passwordsOff } from "@/lib/auth/sso";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { resetByEmail } from "@/lib/auth/password-reset";
import { getCurrentUser } from "@/lib/auth/session";
import { FORGOT_PASSWORD_WORDS } from "../words";
import { ForgotPasswordForm } from "./_components/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  if (await getCurrentUser()) redirect("/account");
  // Single sign-on only: there are no passwords to reset.
  if (passwordsOff()) redirect("/login");
  if (!resetByEmail()) {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">Forgot password</h1>
        <p className="mt-2 text-sm text-slate-600">{FORGOT_PASSWORD_WORDS.askAnAdmin}</p>
        <p className="mt-6 text-center text-sm text-slate-600">
          <Link href="/login" className="font-medium text-brand-600 hover:underline">
            Back to Login
          </Link>
        </p>
      </>
    );
  }
  return <ForgotPasswordForm />;
}
