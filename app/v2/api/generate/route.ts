import { readJsonObject } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/handler";
import { apiError, apiSuccess, invalidBody } from "@/lib/api/responses";
import { createApiKeyRequest } from "@/lib/api/schemas";
import { apiKeyJson } from "@/lib/api/wire";
import { createToken } from "@/lib/dal/tokens";
import { requestMeta } from "@/lib/server/request-context";
import { createTokenErrorMessage } from "@/lib/validation/api-token";

export const POST = apiRoute("WRITE", async ({ request, principal }) => {
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;

  // The owner is the token's owner, always: a userId or any other field in the body is ignored.
  const parsed = createApiKeyRequest.safeParse(body.value);
  if (!parsed.success) return invalidBody(parsed.error);
  const { name, write: scope } = parsed.data;

  const result = await createToken(
    { id: principal.userId },
    { name, scope },
    { meta: requestMeta(request.headers), viaTokenId: principal.tokenId },
  );
  if (!result.ok) return apiError(422, createTokenErrorMessage(result.reason, name));

  // 200, not 201: the real platform answers 200 and its clients are written against that.
  return apiSuccess({ apikey: result.secret, message: "New API has been created", ...apiKeyJson(result.token) });
});
