import { cookies } from "next/headers";
import { PageHeader } from "@/components/ui/page-header";
import { addressNotices } from "@/lib/dal/address-notices";
import { leakNotices } from "@/lib/dal/leaks";
import { revocationNotices } from "@/lib/dal/revocation-notices";
import { countExpiringSoon, listTokens } from "@/lib/dal/token-listing";
import { adminWelcomePending } from "@/lib/dal/users";
import { env } from "@/lib/server/config.mjs";
import { expiryPolicy } from "@/lib/server/expiry-policy";
import { catalogueFor } from "@/lib/permissions";
import { tokenIntentOf } from "@/lib/model";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { requireUser } from "@/lib/auth/session";
import type { Template } from "@/lib/token-template";
import { tokenListQuerySchema } from "@/lib/validation/api-token";
import { AddressNotices } from "./address-notices";
import { AdminWelcome } from "./admin-welcome";
import { CreateTokenButton, CreateTokenProvider } from "./create-token-button";
import { LeakNotices } from "./leak-notices";
import { RevocationNotices } from "./revocation-notices";
import { TokensTable } from "./tokens-table";
import { LISTING_WORDS } from "../words";

/**
 * The API Token screen, read once for both of its addresses: /api-tokens (the listing, its query
 * in the URL) and /api-tokens/new?… (the same screen with the Create API Key drawer open,
 * filled in from a template link).
 */
export async function ApiTokensView({
  searchParams,
  template = null,
}: {
  searchParams: Record<string, string | string[] | undefined>;
  template?: Template | null;
}) {
  const user = await requireUser();
  const query = tokenListQuerySchema.parse(searchParams);
  const [page, expiringSoon, leaks, revocations, addresses, welcome, jar] = await Promise.all([
    listTokens(user, query),
    countExpiringSoon(user),
    leakNotices(user),
    revocationNotices(user),
    addressNotices(user),
    adminWelcomePending(user),
    cookies(),
  ]);
  // Dismissed for as many expiring tokens as there are now (set by the notice's own button).
  const expiringDismissed = jar.get("token-console.expiring-dismissed")?.value === String(expiringSoon);
  const catalogue = catalogueFor(resourceCatalogue(), user);

  return (
    <CreateTokenProvider
      policy={expiryPolicy()}
      catalogue={catalogue}
      rateLimitMax={env().API_REQUESTS_PER_TOKEN_PER_MINUTE}
      template={template}
    >
      <PageHeader title={LISTING_WORDS.title} description={LISTING_WORDS.description} actions={<CreateTokenButton />} />
      <AdminWelcome show={welcome} />
      <LeakNotices notices={leaks} />
      <AddressNotices notices={addresses} />
      <RevocationNotices notices={revocations} />
      <TokensTable
        page={page}
        query={query}
        expiringSoon={expiringSoon}
        expiringDismissed={expiringDismissed}
        catalogue={catalogue}
        intent={tokenIntentOf(searchParams)}
      />
    </CreateTokenProvider>
  );
}
