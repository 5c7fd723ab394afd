import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { hasAccounts } from "@/lib/dal/users";
import { MESSAGES, SESSION_ENDED_PASSWORD_FAILURES } from "@/lib/model";
import { env } from "@/lib/server/config.mjs";
import { resetByEmail } from "@/lib/auth/password-reset";
import { getCurrentUser, safeReturnTo } from "@/lib/auth/session";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: "Login" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnTo(params.callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  // A fresh console has no one to log in: it opens on creating its admin.
  if (!(await hasAccounts())) redirect(returnTo === "/api-tokens" ? "/signup" : `/signup?callbackUrl=${encodeURIComponent(returnTo)}`);
  const notice = params.ended === SESSION_ENDED_PASSWORD_FAILURES ? MESSAGES.tooManyPasswordFailures : null;
  return <LoginForm returnTo={returnTo} signupOpen={env().SIGNUP === "open"} resetByEmail={resetByEmail()} notice={notice} />;
}
