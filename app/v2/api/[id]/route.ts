import { tokenActor } from "@/lib/dal/tokens";
import { readJsonObject } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/handler";
import { hasOwnLimits } from "@/lib/api/token-limits";
import { refuseWider } from "@/lib/api/grants";
import { refusePreviousSecret } from "@/lib/api/previous-secret";
import { tokenGrant } from "@/lib/dal/token-permissions";
import { apiError, apiSuccess, invalidBody, MESSAGES } from "@/lib/api/responses";
import { updateApiKeyRequest } from "@/lib/api/schemas";
import { apiKeyJson } from "@/lib/api/wire";
import { updateToken } from "@/lib/dal/token-lifecycle";
import { requestMeta } from "@/lib/server/request-context";
import { createTokenErrorMessage } from "@/lib/validation/api-token";

// Edits one of the account's keys: name, description, allowed IPs, limits; never its scope. Fields
// left out stay as they are. Another user's key id answers exactly as a missing one does. Only the
// owner refills a quota: another of their keys may, the key itself may not (nor raise its own rate
// limit), or a key capped by its quota would lift the cap itself.
export const PATCH = apiRoute<{ id: string }>("api_keys:write", async ({ request, principal, params }) => {
  const refused = await refusePreviousSecret(request, principal);
  if (refused) return refused;
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;
  const parsed = updateApiKeyRequest.safeParse(body.value);
  if (!parsed.success) return invalidBody(parsed.error);
  const { name, description, allowed_ips: allowedIps } = parsed.data;
  const { rate_limit_per_minute: rateLimitPerMinute, quota, quota_remaining: quotaRemaining } = parsed.data;
  const limits = rateLimitPerMinute !== undefined || quota !== undefined || quotaRemaining !== undefined;
  if (limits && params.id === principal.tokenId) return apiError(403, MESSAGES.selfRefill, {}, "forbidden_refill");
  if (limits && hasOwnLimits(principal)) return apiError(403, MESSAGES.limitedManager, {}, "forbidden_refill");

  // Rolling hands over the key's new secret, and an edit can open it to more addresses: a key
  // may do either only to a key that holds nothing it lacks itself (lib/api/grants.ts).
  const target = await tokenGrant(tokenActor(principal), params.id);
  const wider = target && (await refuseWider(request, principal, target, "the key"));
  if (wider) return wider;

  const updated = await updateToken(
    tokenActor(principal),
    params.id,
    { name, description, allowedIps, rateLimitPerMinute, quota, quotaRemaining: quotaRemaining ?? undefined },
    { meta: requestMeta(request.headers), viaTokenId: principal.tokenId },
  );
  if (!updated.ok) {
    if (updated.reason === "not_found") return apiError(404, MESSAGES.notFound);
    if (updated.reason === "policy") return apiError(422, updated.message, {}, "policy_violation");
    if (updated.reason === "no_quota") return apiError(422, MESSAGES.noQuota, {}, "invalid_input");
    if (updated.reason === "remaining_above_quota") return apiError(422, MESSAGES.remainingAboveQuota, {}, "invalid_input");
    return apiError(422, createTokenErrorMessage("duplicate_name", name ?? ""), {}, "duplicate_name");
  }
  const { status: _active, ...key } = apiKeyJson(updated.token);
  return apiSuccess({ message: updated.changed ? "API key has been updated" : "Nothing to change", ...key });
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as DELETE } from "@/lib/api/responses";
