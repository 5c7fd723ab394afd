import { readJsonObject } from "@/lib/api/body";
import { apiRoute } from "@/lib/api/handler";
import { apiError, apiSuccess } from "@/lib/api/responses";
import { apiKeyJson } from "@/lib/api/serializers";
import { createToken } from "@/lib/dal/tokens";
import { requestMeta } from "@/lib/request-context";
import { scopeFromWriteFlag } from "@/lib/scopes";
import { createTokenErrorMessage, tokenNameSchema } from "@/lib/validation/api-token";

export const POST = apiRoute("WRITE", async ({ request, principal }) => {
  const body = await readJsonObject(request);
  if (!body.ok) return body.response;

  // The owner is the token's owner, always: a userId or any other field in the body is ignored.
  const { name, write } = body.value;
  if (name === undefined) return apiError(422, "name is required.");
  if (typeof name !== "string") return apiError(422, "name must be a string.");
  const parsedName = tokenNameSchema.safeParse(name);
  if (!parsedName.success) return apiError(422, `name: ${parsedName.error.issues[0]?.message ?? "invalid"}`);
  const scope = scopeFromWriteFlag(write);
  if (!scope) return apiError(422, 'write must be one of "on", "off", "1", "0", "yes", "no", true or false.');

  const result = await createToken(
    { id: principal.userId },
    { name: parsedName.data, scope },
    { meta: requestMeta(request.headers), viaTokenId: principal.tokenId },
  );
  if (!result.ok) return apiError(422, createTokenErrorMessage(result.reason, parsedName.data));

  // 200, not 201: the real platform answers 200 and its clients are written against that.
  return apiSuccess({ apikey: result.secret, message: "New API has been created", ...apiKeyJson(result.token) });
});
