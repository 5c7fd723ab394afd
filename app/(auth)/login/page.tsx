import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { env } from "@/lib/server/config.mjs";
import { getCurrentUser, safeReturnTo } from "@/lib/server/session";
import { LoginForm } from "./_components/login-form";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const returnTo = safeReturnTo((await searchParams).callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  return <LoginForm returnTo={returnTo} signupOpen={env().SIGNUP === "open"} />;
}
