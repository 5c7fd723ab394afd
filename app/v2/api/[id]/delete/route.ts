import { apiRoute } from "@/lib/api/handler";
import { refusePreviousSecret } from "@/lib/api/previous-secret";
import { apiError, apiSuccess, MESSAGES } from "@/lib/api/responses";
import { tokenActor, deleteToken } from "@/lib/dal/tokens";
import { requestMeta } from "@/lib/server/request-context";

// A token may delete itself; another user's token id answers exactly as a missing one does.
export const DELETE = apiRoute<{ id: string }>("api_keys:write", async ({ request, principal, params }) => {
  const refused = await refusePreviousSecret(request, principal);
  if (refused) return refused;
  const deleted = await deleteToken(tokenActor(principal), params.id, {
    meta: requestMeta(request.headers),
    viaTokenId: principal.tokenId,
  });
  if (!deleted) return apiError(404, MESSAGES.notFound);
  return apiSuccess({ message: "API key has been deleted" });
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH } from "@/lib/api/responses";
