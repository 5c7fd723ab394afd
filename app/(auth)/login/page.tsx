import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser, safeReturnTo } from "@/lib/session";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const returnTo = safeReturnTo((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Log in</h1>
      <p className="mt-1 text-sm text-slate-500">Enter your credentials to reach your console.</p>
      <LoginForm returnTo={returnTo} />
    </>
  );
}
