import { tokenActor } from "@/lib/dal/tokens";
import { apiRoute } from "@/lib/api/handler";
import { apiError, apiSuccess, invalidQuery, MESSAGES } from "@/lib/api/responses";
import { requestsQuery } from "@/lib/api/activity-schemas";
import { parseRequestCursor, tokenRequests } from "@/lib/dal/activity";

// One of the account's keys' last requests, newest first, a page at a time. Another user's key id
// answers exactly as a missing one does.
export const GET = apiRoute<{ id: string }>("api_keys:read", async ({ request, principal, params }) => {
  const parsed = requestsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return invalidQuery(parsed.error);
  const { outcome, cursor, limit } = parsed.data;
  if (cursor !== undefined && !parseRequestCursor(cursor)) return apiError(400, MESSAGES.badCursor, {}, "invalid_input");
  const page = await tokenRequests(tokenActor(principal), params.id, { outcome, cursor, limit });
  if (!page) return apiError(404, MESSAGES.notFound);
  return apiSuccess({
    requests: page.requests.map(({ requestId, ...line }) => ({ ...line, request_id: requestId })),
    next: page.next,
  });
});

export { noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
