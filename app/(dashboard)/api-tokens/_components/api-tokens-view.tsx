import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import type { Actor } from "@/lib/dal/access";
import { teamsOf } from "@/lib/dal/team-access";
import { managesTeamTokens } from "@/lib/teams";
import { TeamContextProvider, type TeamView } from "./team-context";
import { PageHeader } from "@/components/ui/page-header";
import { addressNotices } from "@/lib/dal/address-notices";
import { leakNotices } from "@/lib/dal/leaks";
import { revocationNotices } from "@/lib/dal/revocation-notices";
import { countExpiringSoon, listTokens } from "@/lib/dal/token-listing";
import { adminWelcomePending } from "@/lib/dal/users";
import { env } from "@/lib/server/config.mjs";
import { currentPolicy } from "@/lib/dal/policies";
import { expiryPolicyOf } from "@/lib/policy";
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
import { DecisionNotices, RevocationNotices } from "./revocation-notices";
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
  // A team's tokens to its members only: anyone else, and a team that does not exist, get the same 404.
  const membership = query.team ? ((await teamsOf(user.id)).find((team) => team.teamId === query.team) ?? null) : null;
  if (query.team && !membership) notFound();
  const team: TeamView | null = membership
    ? { id: membership.teamId, name: membership.teamName, role: membership.role, memberTokens: membership.memberTokens }
    : null;
  const actor: Actor = { ...user, team: team ? { id: team.id, via: "membership" } : null };
  // The notices are about the person's own tokens: on their own page.
  const none = Promise.resolve([]);
  const [page, expiringSoon, leaks, revocations, addresses, welcome, jar, policy] = await Promise.all([
    listTokens(actor, query),
    countExpiringSoon(actor),
    team ? none : leakNotices(user),
    team ? none : revocationNotices(user),
    team ? none : addressNotices(user),
    team ? Promise.resolve(false) : adminWelcomePending(user),
    cookies(),
    currentPolicy(),
  ]);
  const mayCreate = team === null || team.memberTokens !== "none" || managesTeamTokens(team.role);
  // Dismissed for as many expiring tokens as there are now (set by the notice's own button).
  const expiringDismissed = jar.get("token-console.expiring-dismissed")?.value === String(expiringSoon);
  const catalogue = catalogueFor(resourceCatalogue(), user);

  return (
    <TeamContextProvider team={team}>
      <CreateTokenProvider
        policy={expiryPolicyOf(policy)}
        catalogue={catalogue}
        rateLimitMax={env().API_REQUESTS_PER_TOKEN_PER_MINUTE}
        template={template}
      >
        <PageHeader
          title={LISTING_WORDS.title}
          description={team ? LISTING_WORDS.teamDescription(team.name) : LISTING_WORDS.description}
          actions={
            mayCreate ? <CreateTokenButton /> : <p className="text-sm text-slate-600">{LISTING_WORDS.teamNoCreate(team?.name ?? "")}</p>
          }
        />
        <AdminWelcome show={welcome} />
        <LeakNotices notices={leaks} />
        <AddressNotices notices={addresses} />
        <RevocationNotices notices={revocations} />
        <DecisionNotices notices={revocations} />
        <TokensTable
          page={page}
          query={query}
          expiringSoon={expiringSoon}
          expiringDismissed={expiringDismissed}
          catalogue={catalogue}
          intent={tokenIntentOf(searchParams)}
        />
      </CreateTokenProvider>
    </TeamContextProvider>
  );
}
