import { tokenActor } from "@/lib/dal/tokens";
import { apiRoute } from "@/lib/api/handler";
import { apiError, apiSuccess, invalidQuery, MESSAGES } from "@/lib/api/responses";
import { usageQuery } from "@/lib/api/activity-schemas";
import { tokenUsage } from "@/lib/dal/activity";

// One of the account's keys' requests over a window, by outcome, with its top permissions,
// statuses, addresses and clients. Another user's key id answers exactly as a missing one does.
export const GET = apiRoute<{ id: string }>("api_keys:read", async ({ request, principal, params }) => {
  const parsed = usageQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return invalidQuery(parsed.error);
  const usage = await tokenUsage(tokenActor(principal), params.id, parsed.data.window);
  if (!usage) return apiError(404, MESSAGES.notFound);
  const { bucketSeconds, ...rest } = usage;
  return apiSuccess({ ...rest, bucket_seconds: bucketSeconds });
});

export { noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
