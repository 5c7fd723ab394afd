import { tokenActor } from "@/lib/dal/tokens";
import { readJsonObject } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/handler";
import { refusePreviousSecret } from "@/lib/api/previous-secret";
import { apiError, apiSuccess, invalidBody, MESSAGES } from "@/lib/api/responses";
import { narrowApiKeyRequest } from "@/lib/api/schemas";
import { apiKeyJson } from "@/lib/api/wire";
import { narrowToken } from "@/lib/dal/token-permissions";
import { requestMeta } from "@/lib/server/request-context";

// Narrows one of the account's keys to a subset of what it holds: it becomes Custom with exactly
// that list; its secret, id and everything else stay. Never wider (a key that needs more is a new
// key). Another user's key id answers exactly as a missing one does.
export const POST = apiRoute<{ id: string }>("api_keys:write", async ({ request, principal, params }) => {
  const refused = await refusePreviousSecret(request, principal);
  if (refused) return refused;
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;
  const parsed = narrowApiKeyRequest.safeParse(body.value);
  if (!parsed.success) return invalidBody(parsed.error);

  const narrowed = await narrowToken(tokenActor(principal), params.id, parsed.data.permissions, {
    meta: { ...requestMeta(request.headers), at: new Date() },
    viaTokenId: principal.tokenId,
  });
  if (!narrowed.ok) {
    if (narrowed.reason === "widens")
      return apiError(
        422,
        `permissions: a key can only be narrowed, and it does not hold ${narrowed.notHeld.join(", ")}. A key that needs more is a new key.`,
        {},
        "permissions_widen",
      );
    return apiError(404, MESSAGES.notFound);
  }
  const { status: _active, ...key } = apiKeyJson(narrowed.token);
  return apiSuccess({ message: narrowed.changed ? "API key has been narrowed" : "Nothing to change", ...key });
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
