import { apiRoute } from "@/lib/api/handler";
import { refusePreviousSecret } from "@/lib/api/previous-secret";
import { apiError, apiSuccess, MESSAGES } from "@/lib/api/responses";
import { stateAnswer } from "@/lib/api/token-state-answer";
import { tokenActor } from "@/lib/dal/tokens";
import { disableToken } from "@/lib/dal/token-states";
import { requestMeta } from "@/lib/server/request-context";

// Disables one of the account's keys; a key may disable itself (taking power away needs no
// more than api_keys:write). Another owner's key id answers exactly as a missing one does.
export const POST = apiRoute<{ id: string }>("api_keys:write", async ({ request, principal, params }) => {
  const refused = await refusePreviousSecret(request, principal);
  if (refused) return refused;
  const self = params.id === principal.tokenId;
  const result = await disableToken(
    tokenActor(principal),
    params.id,
    { meta: { ...requestMeta(request.headers), at: new Date() }, viaTokenId: principal.tokenId },
    self ? "self" : "owner",
  );
  if (!result.ok) return result.reason === "not_active" ? apiError(422, MESSAGES.notActive) : apiError(404, MESSAGES.notFound);
  return apiSuccess(stateAnswer(result.token, result.changed ? "API key has been disabled" : "Nothing to change"));
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
