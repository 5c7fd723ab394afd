import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ACCOUNT_DISABLED_MESSAGE, hasAccounts } from "@/lib/dal/users";
import { MESSAGES, SESSION_ENDED_PASSWORD_FAILURES } from "@/lib/model";
import { env } from "@/lib/server/config.mjs";
import { resetByEmail } from "@/lib/auth/password-reset";
import { getCurrentUser, safeReturnTo } from "@/lib/auth/session";
import { passwordsOff, ssoEnabled, ssoName } from "@/lib/auth/sso";
import { SSO_WORDS } from "../words";
import { LoginForm } from "./_components/login-form";
import { SsoOnlyLogin } from "./_components/sso-only-login";

export const metadata: Metadata = { title: "Login" };

/** What a single sign-on that came back without a session says: a refusal of ours, or next-auth's error code. */
function ssoProblem(params: Record<string, string | string[] | undefined>, name: string): string | null {
  const refused = typeof params.sso === "string" ? params.sso : undefined;
  if (refused === "disabled") return ACCOUNT_DISABLED_MESSAGE;
  if (refused === "unverified" || refused === "no_email" || refused === "linked_elsewhere" || refused === "no_admin_yet")
    return SSO_WORDS.refused[refused](name);
  if (typeof params.error !== "string") return null;
  return params.error === "OAuthSignin" ? SSO_WORDS.unreachable(name) : SSO_WORDS.refused.failed(name);
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const returnTo = safeReturnTo(params.callbackUrl);
  if (await getCurrentUser()) redirect(returnTo);
  const sso = ssoEnabled() ? ssoName() : null;
  const notice = params.ended === SESSION_ENDED_PASSWORD_FAILURES ? MESSAGES.tooManyPasswordFailures : null;
  const problem = sso ? ssoProblem(params, sso) : null;
  // Single sign-on only: the provider's button, whoever comes (the first person becomes the admin).
  if (sso && passwordsOff()) return <SsoOnlyLogin name={sso} returnTo={returnTo} problem={problem} notice={notice} />;
  // A fresh console has no one to log in: it opens on creating its admin.
  if (!(await hasAccounts())) redirect(returnTo === "/api-tokens" ? "/signup" : `/signup?callbackUrl=${encodeURIComponent(returnTo)}`);
  return (
    <LoginForm
      returnTo={returnTo}
      signupOpen={env().SIGNUP === "open"}
      resetByEmail={resetByEmail()}
      notice={notice}
      sso={sso}
      problem={problem}
    />
  );
}
