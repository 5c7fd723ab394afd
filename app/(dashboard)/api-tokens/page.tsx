import type { Metadata } from "next";
import { cookies } from "next/headers";
import { PageHeader } from "@/components/ui/page-header";
import { leakNotices } from "@/lib/dal/leaks";
import { revocationNotices } from "@/lib/dal/revocation-notices";
import { countExpiringSoon, listTokens } from "@/lib/dal/token-listing";
import { adminWelcomePending } from "@/lib/dal/users";
import { expiryPolicy } from "@/lib/server/expiry-policy";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { requireUser } from "@/lib/auth/session";
import { tokenListQuerySchema } from "@/lib/validation/api-token";
import { AdminWelcome } from "./_components/admin-welcome";
import { CreateTokenButton, CreateTokenProvider } from "./_components/create-token-button";
import { LeakNotices } from "./_components/leak-notices";
import { RevocationNotices } from "./_components/revocation-notices";
import { TokensTable } from "./_components/tokens-table";
import { LISTING_WORDS } from "./words";

export const metadata: Metadata = { title: LISTING_WORDS.title };

export default async function ApiTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = tokenListQuerySchema.parse(await searchParams);
  const [page, expiringSoon, leaks, revocations, welcome, jar] = await Promise.all([
    listTokens(user, query),
    countExpiringSoon(user),
    leakNotices(user),
    revocationNotices(user),
    adminWelcomePending(user),
    cookies(),
  ]);
  // Dismissed for as many expiring tokens as there are now (set by the notice's own button).
  const expiringDismissed = jar.get("token-console.expiring-dismissed")?.value === String(expiringSoon);

  return (
    <CreateTokenProvider policy={expiryPolicy()}>
      <PageHeader title={LISTING_WORDS.title} description={LISTING_WORDS.description} actions={<CreateTokenButton />} />
      <AdminWelcome show={welcome} />
      <LeakNotices notices={leaks} />
      <RevocationNotices notices={revocations} />
      <TokensTable
        page={page}
        query={query}
        expiringSoon={expiringSoon}
        expiringDismissed={expiringDismissed}
        catalogue={resourceCatalogue()}
      />
    </CreateTokenProvider>
  );
}
