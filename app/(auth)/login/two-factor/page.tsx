import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { readPendingSignIn } from "@/lib/auth/two-factor";
import { secondFactors } from "@/lib/dal/two-factor";
import { SecondFactorForm } from "./_components/second-factor-form";
import { TWO_FACTOR_LOGIN_WORDS } from "./words";

export const metadata: Metadata = { title: TWO_FACTOR_LOGIN_WORDS.title };

/** The second step of a sign-in: only with the pending cookie a correct password set. */
export default async function SecondFactorPage() {
  if (await getCurrentUser()) redirect("/api-tokens");
  const pending = await readPendingSignIn();
  if (!pending) redirect("/login");
  const factors = await secondFactors(pending.userId);
  return <SecondFactorForm codes={factors.totp} passkeys={factors.passkeys > 0} />;
}
