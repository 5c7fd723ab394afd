import { readJsonObject } from "@/lib/api/body";
import { DAY_MS } from "@/lib/model";
import { apiRoute } from "@/lib/api/handler";
import { refuseWider } from "@/lib/api/grants";
import { refusePreviousSecret } from "@/lib/api/previous-secret";
import { apiError, apiSuccess, invalidBody, MESSAGES } from "@/lib/api/responses";
import { hasOwnLimits } from "@/lib/api/token-limits";
import { createApiKeyRequest } from "@/lib/api/schemas";
import { apiKeyJson } from "@/lib/api/wire";
import { tokenActor, createToken } from "@/lib/dal/tokens";
import { currentPolicy } from "@/lib/dal/policies";
import { expiryPolicyOf } from "@/lib/policy";
import { requestMeta } from "@/lib/server/request-context";
import { createTokenErrorMessage, expiryProblem } from "@/lib/validation/api-token";

export const POST = apiRoute("api_keys:write", async ({ request, principal }) => {
  const refused = await refusePreviousSecret(request, principal);
  if (refused) return refused;
  // A capped key may not mint keys: one without its limits would lift them (lib/api/token-limits.ts).
  if (hasOwnLimits(principal)) return apiError(403, MESSAGES.limitedManager, {}, "forbidden_refill");
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;

  // The owner is the token's owner, always: a userId or any other field in the body is ignored.
  const parsed = createApiKeyRequest.safeParse(body.value);
  if (!parsed.success) return invalidBody(parsed.error);
  const { name, grant, expires_at: at, expires_in_days: days, description, allowed_ips: allowedIps } = parsed.data;
  const { rate_limit_per_minute: rateLimitPerMinute, quota } = parsed.data;

  // Without either field an API-made key does not expire, as on the real platform, unless the
  // installation sets a maximum lifetime, which then applies.
  const now = Date.now();
  const policy = expiryPolicyOf(await currentPolicy());
  const expiresAt = at ?? (days ? new Date(now + days * DAY_MS) : policy.maxDays ? new Date(now + policy.maxDays * DAY_MS) : null);
  if (expiresAt) {
    const problem = expiryProblem(expiresAt, policy, now);
    if (problem) return apiError(422, `${at ? "expires_at" : "expires_in_days"}: ${problem}`);
  }

  // A key makes no key that can do more than it can: a Custom key with api_keys:write would
  // otherwise mint a Write key.
  const wider = await refuseWider(request, principal, grant, "the new key");
  if (wider) return wider;

  const result = await createToken(
    tokenActor(principal),
    { name, ...grant, expiresAt, description, allowedIps, rateLimitPerMinute, quota },
    { meta: requestMeta(request.headers), viaTokenId: principal.tokenId },
  );
  if (!result.ok) {
    if (result.reason === "policy") return apiError(422, result.message, {}, "policy_violation");
    const code =
      result.reason === "duplicate_name" ? "duplicate_name" : result.reason === "limit_reached" ? "token_limit_reached" : "invalid_input";
    return apiError(422, createTokenErrorMessage(result.reason, name, principal.team?.name), {}, code);
  }

  // 200, not 201: the real platform answers 200 and its clients are written against that.
  // The key's fields beside the envelope's; its status ("active") would overwrite the envelope's.
  const { status: keyStatus, ...key } = apiKeyJson(result.token);
  const pending = keyStatus === "pending";
  return apiSuccess({
    apikey: result.secret,
    message: pending ? "New API has been created: it works once an admin approves it" : "New API has been created",
    ...key,
    key_status: pending ? "pending" : "active",
  });
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
