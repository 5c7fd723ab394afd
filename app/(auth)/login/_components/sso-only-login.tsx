"use client";

import { FormAlert } from "@/components/ui/form-alert";
import { SSO_WORDS } from "../../words";
import { SsoButton } from "./sso-button";

/** The login page with OIDC_ONLY=1: the provider's button, and why a sign-in came back refused. */
export function SsoOnlyLogin({
  name,
  returnTo,
  problem,
  notice,
}: {
  name: string;
  returnTo: string;
  problem: string | null;
  notice: string | null;
}) {
  return (
    <>
      <h1 className="text-xl font-semibold text-slate-900">Login</h1>
      <p className="mt-1 text-sm text-slate-600">{SSO_WORDS.onlySubtitle(name)}</p>
      <div className="mt-6 space-y-4">
        {problem ? <FormAlert>{problem}</FormAlert> : null}
        {notice && !problem ? (
          <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
            {notice}
          </p>
        ) : null}
        <SsoButton name={name} returnTo={returnTo} variant="primary" />
        <p className="text-center text-sm text-slate-600">{SSO_WORDS.onlyFooter(name)}</p>
      </div>
    </>
  );
}
