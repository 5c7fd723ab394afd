import { apiRoute } from "@/lib/api/handler";
import { apiSuccess, unauthenticated } from "@/lib/api/responses";
import { apiKeyJson, platformTimestamp } from "@/lib/api/wire";
import { ownTokenRecord } from "@/lib/dal/token-listing";
import { OWN_RECORD } from "@/lib/permissions";

// The calling token's own record, for any valid token whatever it holds: a pipeline checks its
// token (permissions, expiry, allowed IPs, limits) before it needs it. The authentication core
// has already refused an expired, disabled or out-of-its-addresses token, as on every route.
export const GET = apiRoute(OWN_RECORD, async ({ principal }) => {
  const token = await ownTokenRecord(principal.tokenId);
  // Deleted between the lookup and this read: as unknown as any deleted token.
  if (!token) return unauthenticated();
  return apiSuccess({
    api: {
      ...apiKeyJson(token),
      team: principal.team ? { id: principal.team.id, name: principal.team.name } : null,
      // Called with a rolled token's previous secret: "active" holds only until its overlap ends.
      via_previous_secret: principal.viaPreviousSecret,
      previous_secret_valid_until:
        principal.viaPreviousSecret && token.previousValidUntil ? platformTimestamp(token.previousValidUntil) : null,
    },
  });
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
