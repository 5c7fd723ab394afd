import { tokenActor } from "@/lib/dal/tokens";
import { apiRoute } from "@/lib/api/handler";
import { apiSuccess } from "@/lib/api/responses";
import { apiKeyJson } from "@/lib/api/wire";
import { listAllTokens } from "@/lib/dal/token-listing";

export const GET = apiRoute("api_keys:read", async ({ principal }) => {
  const tokens = await listAllTokens(tokenActor(principal));
  return apiSuccess({ api: tokens.map(apiKeyJson) });
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
