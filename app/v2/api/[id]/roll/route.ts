import { tokenActor } from "@/lib/dal/tokens";
import { readJsonObject } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/handler";
import { refuseWider } from "@/lib/api/grants";
import { refusePreviousSecret } from "@/lib/api/previous-secret";
import { tokenGrant } from "@/lib/dal/token-permissions";
import { apiError, apiSuccess, invalidBody, MESSAGES } from "@/lib/api/responses";
import { rollApiKeyRequest } from "@/lib/api/schemas";
import { platformTimestamp } from "@/lib/api/wire";
import { rollToken } from "@/lib/dal/token-lifecycle";
import { requestMeta } from "@/lib/server/request-context";

// A new secret for one of the account's keys; the previous one works for grace_seconds more.
// A key may roll itself. Another user's key id answers exactly as a missing one does.
export const POST = apiRoute<{ id: string }>("api_keys:write", async ({ request, principal, params }) => {
  const refused = await refusePreviousSecret(request, principal);
  if (refused) return refused;
  // The body is optional: none at all means no grace period.
  const body = await readJsonObject(request, { optional: true });
  if (!body.ok) return body.response;
  const parsed = rollApiKeyRequest.safeParse(body.value);
  if (!parsed.success) return invalidBody(parsed.error);

  // Rolling hands over the key's new secret, and an edit can open it to more addresses: a key
  // may do either only to a key that holds nothing it lacks itself (lib/api/grants.ts).
  const target = await tokenGrant(tokenActor(principal), params.id);
  const wider = target && (await refuseWider(request, principal, target, "the key"));
  if (wider) return wider;

  const rolled = await rollToken(tokenActor(principal), params.id, parsed.data.grace_seconds, {
    meta: { ...requestMeta(request.headers), at: new Date() },
    viaTokenId: principal.tokenId,
  });
  if (!rolled.ok) {
    if (rolled.reason === "not_active") return apiError(422, MESSAGES.notActive);
    if (rolled.reason === "policy") return apiError(422, rolled.message, {}, "policy_violation");
    return apiError(rolled.reason === "expired" ? 422 : 404, rolled.reason === "expired" ? MESSAGES.expiredNoRoll : MESSAGES.notFound);
  }
  return apiSuccess({
    apikey: rolled.secret,
    message: "API key has been rolled",
    previous_valid_until: platformTimestamp(rolled.previousValidUntil),
  });
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
