import { passwordsOff } from "@/lib/auth/sso";
import { redirect } from "next/navigation";
import type { Metadata } from "next";
import { connection } from "next/server";
import { ResetPasswordForm } from "./_components/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** Where a reset link lands. Rendered per request, so that its scripts carry the request's CSP nonce. */
export default async function ResetPasswordPage() {
  await connection();
  if (passwordsOff()) redirect("/login");
  return <ResetPasswordForm />;
}
