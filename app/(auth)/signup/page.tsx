import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser, safeReturnTo } from "@/lib/server/session";
import { SignupForm } from "./_components/signup-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const returnTo = safeReturnTo((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  return <SignupForm returnTo={returnTo} />;
}
