import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { hasAccounts } from "@/lib/dal/users";
import { env } from "@/lib/server/config.mjs";
import { getCurrentUser, safeReturnTo } from "@/lib/auth/session";
import { passwordsOff } from "@/lib/auth/sso";
import { SignupForm } from "./_components/signup-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await hasAccounts()) ? "Sign up" : "Create the admin account" };
}

export default async function SignupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const returnTo = safeReturnTo((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  // Single sign-on only: an account is made by signing in with the provider, on the login page.
  if (passwordsOff()) redirect(returnTo === "/api-tokens" ? "/login" : `/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  const closed = env().SIGNUP === "closed";
  // A console without accounts: its first account is made here, and becomes the admin; with
  // sign-up closed, on the server instead (whoever reached the page first would own it).
  if (!(await hasAccounts())) {
    if (!closed) return <SignupForm returnTo={returnTo} firstAccount />;
    return (
      <>
        <h1 className="text-xl font-semibold text-slate-900">Create the admin account</h1>
        <p className="mt-2 text-sm text-slate-600">
          This console has no accounts yet, and its sign-up is closed, so its admin is made on the server, by whoever runs it:
        </p>
        <pre className="mt-4 rounded-lg bg-slate-900 px-3 py-2.5 font-mono text-xs break-words whitespace-pre-wrap text-slate-100">
          npm run admin -- create you@example.com --admin
        </pre>
        <p className="mt-3 text-sm text-slate-600">
          It prints a temporary password: sign in with it here, then choose your own. You then add people the same way.
        </p>
        <p className="mt-6 text-center text-sm text-slate-600">
          <Link href="/login" className="font-medium text-brand-600 hover:underline">
            Login
          </Link>
        </p>
      </>
    );
  }
  if (closed) {
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
  return <SignupForm returnTo={returnTo} firstAccount={false} />;
}
