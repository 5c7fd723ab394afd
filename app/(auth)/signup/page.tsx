import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { hasAccounts } from "@/lib/dal/users";
import { env } from "@/lib/server/config.mjs";
import { getCurrentUser, safeReturnTo } from "@/lib/server/session";
import { SignupForm } from "./_components/signup-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await hasAccounts()) ? "Sign up" : "Create the admin account" };
}

export default async function SignupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const returnTo = safeReturnTo((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  // A console without accounts has no admin to add anyone, whatever SIGNUP says: its first
  // account is made here, and becomes the admin.
  if (!(await hasAccounts())) return <SignupForm returnTo={returnTo} firstAccount signupOpen={env().SIGNUP === "open"} />;
  if (env().SIGNUP === "closed") {
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">Sign-up is closed</h1>
        <p className="mt-2 text-sm text-slate-600">
          Accounts on this console are added by its administrators. Ask one to add you; they will give you a temporary password.
        </p>
        <p className="mt-6 text-center text-sm text-slate-600">
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-brand-600 hover:underline">
            Login
          </Link>
        </p>
      </>
    );
  }
  return <SignupForm returnTo={returnTo} firstAccount={false} signupOpen />;
}
