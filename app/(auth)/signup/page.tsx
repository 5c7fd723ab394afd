import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser, safeReturnTo } from "@/lib/session";
import { SignupForm } from "./_components/signup-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const returnTo = safeReturnTo((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
      <p className="mt-1 text-sm text-slate-500">It takes a minute. You will be logged in right away.</p>
      <SignupForm returnTo={returnTo} />
    </>
  );
}
