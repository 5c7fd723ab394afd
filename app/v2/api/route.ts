import { apiRoute } from "@/lib/api/handler";
import { apiSuccess } from "@/lib/api/responses";
import { apiKeyJson } from "@/lib/api/wire";
import { listAllTokens } from "@/lib/dal/token-listing";

export const GET = apiRoute("READ_ONLY", async ({ principal }) => {
  const tokens = await listAllTokens({ id: principal.userId });
  return apiSuccess({ api: tokens.map(apiKeyJson) });
});
