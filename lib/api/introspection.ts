import "server-only";
import { INTROSPECT } from "@/lib/permissions";
import { isAdmin } from "@/lib/scopes";
import { answered, authenticate, grantedPermissions, isExpired, tokenOfSecret, type Subject } from "@/lib/api/authority";
import { tokenOwnerId } from "@/lib/dal/tokens";
import { MAX_BODY_BYTES, parseJson, readBody } from "@/lib/api/body";
import { refuseRequest } from "@/lib/api/denials";
import { apiError, jsonResponse, MESSAGES } from "@/lib/api/responses";

// RFC 7662 token introspection, for services that check a token in their own code: "is this
// token active, and what does it hold?". The caller is a service holding `tokens:introspect`
// (admins only); its calls count against its own token's rate limit. Anything but a live token
// is exactly {"active": false}: unknown, deleted, expired, disabled, pending, denied, malformed and junk look the same.

const INACTIVE = { active: false } as const;
const answer = (body: Record<string, unknown>) => jsonResponse(body, 200, { "Cache-Control": "no-store", Pragma: "no-cache" });

const isForm = (type: string) => /^application\/x-www-form-urlencoded\s*(;|$)/i.test(type);
const isJson = (type: string) => /^application\/json\s*(;|$)/i.test(type);

/** The `token` parameter of a form or JSON body; a Response when the body cannot be read. */
async function tokenParameter(request: Request): Promise<string | Response> {
  const type = request.headers.get("content-type")?.trim() ?? "";
  if (!isForm(type) && !isJson(type)) return apiError(415, MESSAGES.introspectionNotForm);
  const body = await readBody(request, MAX_BODY_BYTES);
  if (!body.ok) return body.response;
  let token: unknown;
  if (isJson(type)) {
    const parsed = parseJson(body.value);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return apiError(400, MESSAGES.invalidJson);
    token = (parsed as Record<string, unknown>).token;
  } else {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(body.value);
    } catch {
      return apiError(400, MESSAGES.introspectionNoToken);
    }
    const values = new URLSearchParams(text).getAll("token");
    // RFC 6749 3.1: a parameter sent twice is an invalid request.
    token = values.length === 1 ? values[0] : undefined;
  }
  return typeof token === "string" && token.length > 0 ? token : apiError(400, MESSAGES.introspectionNoToken);
}

const seconds = (at: number) => Math.floor(at / 1000);

export async function introspect(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  const subject: Subject = { method: request.method, path, target: request.url, permission: INTROSPECT };
  const caller = await authenticate(request, subject);
  if (!caller.ok) return answered(request, subject, caller, caller.response);
  // Granted by an admin, and held only while its owner still is one.
  if (!isAdmin(caller.principal.account)) {
    const detail = `${request.method} ${path}: owner is no longer an admin`;
    const refused = await refuseRequest(request, caller.principal, "scope", detail, MESSAGES.introspectionNeedsAdmin);
    return answered(request, subject, { ...caller, ok: false, response: refused, outcome: "denied_permission" }, refused);
  }
  return answered(request, subject, caller, await inspect(request));
}

/** The answer about the token in the body, for a caller that may ask. */
async function inspect(request: Request): Promise<Response> {
  const secret = await tokenParameter(request);
  if (typeof secret !== "string") return secret;
  const token = await tokenOfSecret(secret);
  // A disabled, pending or denied token is refused by the authority, so it is not active either.
  if (!token || isExpired(token) || token.status !== "active") return answer(INACTIVE);
  const permissions = grantedPermissions(token);
  return answer({
    active: true,
    token_type: "Bearer",
    jti: token.tokenId,
    sub: tokenOwnerId(token),
    scope: permissions.join(" "),
    ...(token.expiresAt !== null ? { exp: seconds(token.expiresAt) } : {}),
    iat: seconds(token.createdAt),
    permissions,
  });
}
