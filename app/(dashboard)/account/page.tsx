import type { Metadata } from "next";
import { LogOut } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { recentSignIns } from "@/lib/dal/users";
import { requireUser } from "@/lib/auth/session";
import { describeUserAgent } from "@/lib/server/user-agent";
import { logoutEverywhereAction } from "./actions";
import { ChangePasswordForm } from "./_components/change-password-form";
import { IpAddress } from "@/components/ui/ip-address";
import { ACCOUNT_WORDS } from "./words";
import Link from "next/link";
import { hasSecondFactor } from "@/lib/dal/two-factor";
import { TWO_FACTOR_WORDS } from "./two-factor/words";
import { isAdmin } from "@/lib/scopes";

export const metadata: Metadata = { title: ACCOUNT_WORDS.title };

function Section({ id, title, description, children }: { id: string; title: string; description: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-slate-600">{description}</p>
      <div className="mt-5">{children}</div>
    </section>
  );
}

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser({ passwordChange: "allowed" });
  // Where a reset link's new password lands (app/(auth)/reset-password).
  const reset = (await searchParams).reset === "done";
  const signIns = await recentSignIns(user);

  return (
    <div>
      <PageHeader title={ACCOUNT_WORDS.title} description={ACCOUNT_WORDS.signedInAs(user.name, user.email, isAdmin(user))} />
      <div className="mt-8 space-y-6">
        {reset ? (
          <p role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900">
            {ACCOUNT_WORDS.resetDone}
          </p>
        ) : null}
        {user.mustChangePassword ? (
          <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            {ACCOUNT_WORDS.mustChange}
          </p>
        ) : null}
        <Section id="password" title={ACCOUNT_WORDS.changePassword} description={ACCOUNT_WORDS.changePasswordDescription}>
          <ChangePasswordForm />
        </Section>

        <Section id="two-factor" title={TWO_FACTOR_WORDS.title} description={TWO_FACTOR_WORDS.description}>
          <p className="text-sm text-slate-700">
            {(await hasSecondFactor(user.id)) ? TWO_FACTOR_WORDS.statusOn : TWO_FACTOR_WORDS.statusOff}
          </p>
          <Link href="/account/two-factor" className="mt-3 inline-flex text-sm font-medium text-brand-700 hover:underline">
            {TWO_FACTOR_WORDS.manage}
          </Link>
        </Section>

        <Section id="everywhere" title={ACCOUNT_WORDS.logOutEverywhere} description={ACCOUNT_WORDS.logOutEverywhereDescription}>
          {/* A plain form: it works before the page's JavaScript has loaded. */}
          <form action={logoutEverywhereAction}>
            <button
              type="submit"
              className="inline-flex h-10 items-center gap-2 rounded-lg border border-red-200 bg-white px-4 text-sm font-medium text-red-700 shadow-sm hover:bg-red-50"
            >
              <LogOut className="size-4" aria-hidden="true" />
              {ACCOUNT_WORDS.logOutEverywhere}
            </button>
          </form>
        </Section>

        <Section id="sign-ins" title={ACCOUNT_WORDS.signIns} description={ACCOUNT_WORDS.signInsDescription}>
          {signIns.length === 0 ? (
            <p className="text-sm text-slate-600">{ACCOUNT_WORDS.noSignIns}</p>
          ) : (
            <table className="w-full text-left text-sm">
              <thead className="border-b border-slate-200 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                <tr>
                  <th scope="col" className="py-2 pr-4">
                    {ACCOUNT_WORDS.signInTime}
                    {/* On a phone the browser is told under the time: three columns do not fit its card. */}
                    <span className="sm:hidden"> · {ACCOUNT_WORDS.signInBrowser}</span>
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {ACCOUNT_WORDS.signInIp}
                  </th>
                  <th scope="col" className="py-2 max-sm:hidden">
                    {ACCOUNT_WORDS.signInBrowser}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {signIns.map((signIn) => (
                  <tr key={signIn.id}>
                    <td className="py-2.5 pr-4 text-slate-700">
                      <LocalTime iso={signIn.createdAt} />
                      <span className="block text-xs break-words text-slate-500 sm:hidden">{describeUserAgent(signIn.userAgent)}</span>
                    </td>
                    <td className="min-w-28 py-2.5 pr-4 text-slate-700">{signIn.ip ? <IpAddress ip={signIn.ip} /> : "—"}</td>
                    <td className="py-2.5 break-words text-slate-700 max-sm:hidden">{describeUserAgent(signIn.userAgent)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      </div>
    </div>
  );
}
