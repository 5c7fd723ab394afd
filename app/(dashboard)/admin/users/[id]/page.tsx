import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChevronLeft } from "lucide-react";
import { LocalTime } from "@/components/ui/local-time";
import { accountForOffboarding } from "@/lib/dal/offboarding";
import { requireAdmin } from "@/lib/auth/session";
import { accountIdSchema } from "@/lib/validation/offboarding";
import { NoticeArea } from "../_components/notice-area";
import { StatusBadge } from "../_components/status-badge";
import { TeamTokenActions } from "./_components/team-token-actions";
import { ResetSecondFactors } from "./_components/reset-second-factors";
import { hasSecondFactor } from "@/lib/dal/two-factor";
import { ACCOUNT_WORDS as W, USERS_WORDS } from "../words";

export const metadata: Metadata = { title: USERS_WORDS.title };

export default async function AccountOffboardingPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requireAdmin();
  const parsed = accountIdSchema.safeParse(await params);
  const account = parsed.success ? await accountForOffboarding(admin, parsed.data.id) : null;
  if (!account) notFound();
  return (
    <div>
      <Link href="/admin/users" className="mb-4 inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline">
        <ChevronLeft className="size-4" aria-hidden="true" />
        {W.back}
      </Link>
      {/* An email can be longer than a phone is wide: the heading breaks anywhere rather than overflow. */}
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 [overflow-wrap:anywhere]">{W.title(account.email)}</h1>
      <div className="mt-2">
        <StatusBadge disabledAt={account.disabledAt} />
      </div>
      <p className="mt-2 max-w-2xl text-sm text-slate-600">{W.description}</p>
      {(await hasSecondFactor(account.id)) ? <ResetSecondFactors accountId={account.id} /> : null}
      <NoticeArea>
        {account.teamTokens.length === 0 ? (
          <div className="mt-4 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
            <p className="font-medium text-slate-900">{W.empty}</p>
          </div>
        ) : (
          <ul aria-label={W.tokensLabel} className="mt-4 divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm">
            {account.teamTokens.map((token) => (
              <li key={token.id} className="flex flex-col gap-3 px-4 py-4 md:flex-row md:items-start md:justify-between">
                <div className="min-w-0">
                  <p className="break-words font-medium text-slate-900">{token.name}</p>
                  <p className="mt-1 text-sm text-slate-600">
                    {W.columns.team}: <span className="font-medium text-slate-800">{token.team.name}</span> ·{" "}
                    <code className="text-xs">{token.displayPrefix}</code>
                  </p>
                  <p className="mt-1 text-sm text-slate-500">
                    {W.columns.created} <LocalTime iso={token.createdAt} dateOnly /> · {W.columns.lastUsed}{" "}
                    {token.lastUsedAt ? <LocalTime iso={token.lastUsedAt} dateOnly /> : W.never}
                  </p>
                </div>
                <TeamTokenActions token={token} />
              </li>
            ))}
          </ul>
        )}
      </NoticeArea>
    </div>
  );
}
