import { apiRoute } from "@/lib/api/handler";
import { refuseWider } from "@/lib/api/grants";
import { refusePreviousSecret } from "@/lib/api/previous-secret";
import { apiError, apiSuccess, MESSAGES } from "@/lib/api/responses";
import { stateAnswer } from "@/lib/api/token-state-answer";
import { tokenGrant } from "@/lib/dal/token-permissions";
import { tokenActor } from "@/lib/dal/tokens";
import { enableToken } from "@/lib/dal/token-states";
import { requestMeta } from "@/lib/server/request-context";

// Enables a disabled key of the account. Enabling gives power back, so a key enables only a key
// holding nothing it lacks itself (lib/api/grants.ts), never itself, and never what an admin or
// a policy disabled (lib/token-states.ts). Another owner's key id answers as a missing one does.
export const POST = apiRoute<{ id: string }>("api_keys:write", async ({ request, principal, params }) => {
  const refused = await refusePreviousSecret(request, principal);
  if (refused) return refused;
  // A disabled key is refused before it gets here; an active one asking is refused all the same.
  if (params.id === principal.tokenId) return apiError(403, MESSAGES.enableSelf);
  const target = await tokenGrant(tokenActor(principal), params.id);
  const wider = target && (await refuseWider(request, principal, target, "the key"));
  if (wider) return wider;
  const result = await enableToken(tokenActor(principal), params.id, {
    meta: { ...requestMeta(request.headers), at: new Date() },
    viaTokenId: principal.tokenId,
  });
  if (!result.ok) {
    if (result.reason === "admin_only") return apiError(403, MESSAGES.enableSelf);
    if (result.reason === "not_active") return apiError(422, MESSAGES.notActive);
    return apiError(404, MESSAGES.notFound);
  }
  return apiSuccess(stateAnswer(result.token, result.changed ? "API key has been enabled" : "Nothing to change"));
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
