import { readJsonObject } from "@/lib/api/body";
import { publicApiRoute } from "@/lib/api/handler";
import { apiSuccess, invalidBody, MESSAGES, tooManyRequests } from "@/lib/api/responses";
import { revokeCredentialsRequest } from "@/lib/api/schemas";
import { recordRevocationRequest, reportLeakedTokens } from "@/lib/dal/leaks";
import { env } from "@/lib/server/config.mjs";
import { log } from "@/lib/server/log";
import { addressKey, createLimiter } from "@/lib/server/rate-limit";
import { clientIp, requestMeta } from "@/lib/server/request-context";

// The public revocation endpoint, in the shape of GitHub's credential revocation API: anyone
// who finds one of our tokens can kill it. No authentication; the answer is the same 202
// whatever the request held, so it tells nothing about which strings are live tokens. Limited
// per address (the one TRUST_PROXY yields; an IPv6 client by its /64); every call is audited with its count and address.

const perAddress = createLimiter({ keyPrefix: "revoke-ip", points: env().REVOCATION_REQUESTS_PER_IP_PER_MINUTE, durationSeconds: 60 });

export const POST = publicApiRoute(async (request) => {
  const wait = await perAddress.consume(addressKey(clientIp(request.headers)));
  if (wait) return tooManyRequests(MESSAGES.tooManyRevocations, wait);

  const body = await readJsonObject(request);
  if (!body.ok) return body.response;
  const parsed = revokeCredentialsRequest.safeParse(body.value);
  if (!parsed.success) return invalidBody(parsed.error);

  const meta = requestMeta(request.headers);
  const credentials = parsed.data.credentials;
  const found = await reportLeakedTokens(
    credentials.map((token) => ({ token })),
    "public",
    env().LEAKED_TOKEN_ACTION,
    meta,
  );
  const matched = found.filter(Boolean).length;
  await recordRevocationRequest(credentials.length, matched, meta);
  log.info("credentials.revoke_requested", { credentials: credentials.length, matched });
  return apiSuccess({ message: MESSAGES.revocationAccepted }, { status: 202 });
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
