import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { needsTwoFactorSetup, requireUser } from "@/lib/auth/session";
import { listPasskeys } from "@/lib/dal/passkeys";
import { secondFactors } from "@/lib/dal/two-factor";
import { AuthenticatorApp } from "./_components/authenticator-app";
import { Passkeys } from "./_components/passkeys";
import { TWO_FACTOR_WORDS as WORDS } from "./words";

export const metadata: Metadata = { title: WORDS.title };

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

/** The account's second factors; the page policy "require two-factor" sends an account to until it has one. */
export default async function TwoFactorPage() {
  const user = await requireUser({ twoFactorSetup: "allowed" });
  const [factors, passkeys, required] = await Promise.all([secondFactors(user.id), listPasskeys(user.id), needsTwoFactorSetup(user.id)]);
  return (
    <div>
      <PageHeader title={WORDS.title} description={WORDS.description} />
      <div className="mt-8 space-y-6">
        {required ? (
          <p role="alert" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            {WORDS.required}
          </p>
        ) : null}
        <Section
          id="authenticator-app"
          title={WORDS.appTitle}
          description={factors.totp ? WORDS.appOn(factors.recoveryCodesLeft) : WORDS.appOff}
        >
          <AuthenticatorApp on={factors.totp} />
        </Section>
        <Section id="passkeys" title={WORDS.passkeysTitle} description={WORDS.passkeysDescription}>
          <Passkeys
            passkeys={passkeys.map((p) => ({
              ...p,
              createdAt: p.createdAt.toISOString(),
              lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
            }))}
          />
        </Section>
      </div>
    </div>
  );
}
