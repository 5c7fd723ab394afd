import { parseJson, readBody } from "@/lib/api/body";
import { publicApiRoute } from "@/lib/api/handler";
import { apiError, invalidBody, MESSAGES } from "@/lib/api/responses";
import { githubSecretScanningRequest } from "@/lib/api/schemas";
import { reportLeakedTokens } from "@/lib/dal/leaks";
import { env } from "@/lib/server/config.mjs";
import { githubKey, verifyGithubSignature } from "@/lib/server/github-keys";
import { log } from "@/lib/server/log";
import { requestMeta } from "@/lib/server/request-context";

// GitHub's secret scanning partner endpoint (docs/secret-scanning.md). GitHub posts the matches
// of our token pattern it found in public, signed with ECDSA P-256 over the raw body. The
// signature is checked before the body is parsed; a request without a valid one changes
// nothing. Each match that is one of our live tokens is revoked (or, with
// LEAKED_TOKEN_ACTION=notify, reported to its owner); the answer is GitHub's feedback array.

const MAX_BODY_BYTES = 1024 * 1024;
const unsigned = () => apiError(401, MESSAGES.badSignature);

export const POST = publicApiRoute(async (request) => {
  const keyId = request.headers.get("github-public-key-identifier");
  const signature = request.headers.get("github-public-key-signature");
  if (!keyId || !signature || keyId.length > 256 || signature.length > 512) return unsigned();

  const body = await readBody(request, MAX_BODY_BYTES, MESSAGES.scanningBodyTooLarge);
  if (!body.ok) return body.response;
  const key = await githubKey(keyId);
  if (key === "unavailable") return apiError(503, MESSAGES.githubKeysUnavailable, { "Retry-After": "60" });
  if (key === "unknown" || !verifyGithubSignature(body.value, key, signature)) return unsigned();

  const json = parseJson(body.value);
  if (json === undefined) return apiError(400, MESSAGES.invalidJson);
  const parsed = githubSecretScanningRequest.safeParse(json);
  if (!parsed.success) return invalidBody(parsed.error);

  const matches = parsed.data;
  const found = await reportLeakedTokens(
    matches.map(({ token, url, source }) => ({ token, url, source })),
    "github",
    env().LEAKED_TOKEN_ACTION,
    requestMeta(request.headers),
  );
  log.info("secret_scanning.github", { matches: matches.length, ours: found.filter(Boolean).length });
  return Response.json(
    matches.map((match, i) => ({ token_raw: match.token, token_type: match.type, label: found[i] ? "true_positive" : "false_positive" })),
    { headers: { "Cache-Control": "no-store" } },
  );
});

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
