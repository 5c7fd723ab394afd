import "server-only";
import type { z } from "zod";
import { WORDING } from "@/lib/model";

// The platform API's dialect: {"status":"success", ...} or {"status":"error","message"}.

export const MESSAGES = {
  unauthenticated: "Authentication failed: send a valid API token as 'Authorization: Bearer <token>'.",
  expired: "This API token has expired.",
  expiredNoRoll: WORDING.cannotRoll("API key", "key"),
  disabled: "This API token is disabled. Its owner (or an admin) can enable it in the console.",
  pendingApproval: "This API token is waiting for an admin's approval: it works once an admin approves it.",
  denied: "An admin denied this API token: it will never work. Its owner may delete it and ask again.",
  enableSelf: "An API token cannot enable itself, nor enable a key an admin or a policy disabled: its owner does, in the console.",
  notDisabled: "This API key is not disabled.",
  notActive: "Only an active API key can be disabled: this one is pending approval or denied.",
  forbidden: (missing: readonly string[]) => `This API token lacks the permission${missing.length === 1 ? "" : "s"} ${missing.join(", ")}.`,
  /** A key asked to create, roll or edit a key holding more than itself: the target's permissions, not the route's. */
  wider: (missing: readonly string[]) =>
    `This API token cannot create, roll or edit a key holding permissions it lacks itself: ${
      missing.length > 6 ? `${missing.slice(0, 6).join(", ")} and ${missing.length - 6} more (see missing_permissions)` : missing.join(", ")
    }.`,
  presetOutgrows:
    "A Custom API key cannot create, roll or edit a Read-Only or Write key: a preset also holds every resource added later. Make a Custom key with the permissions it needs.",
  forbiddenAddress: "This API token cannot be used from this address.",
  previousSecret:
    "This is the previous secret of a rolled API key: it keeps working for calls until its overlap ends, but cannot manage API keys. Use the key's new secret.",
  notAvailable: "This endpoint is not available to API tokens.",
  noRule: "No route rule of the token authority covers this request, so no token may make it (PERMISSIONS_FILE).",
  untrustedProxy:
    "Forward auth answers only a reverse proxy this console trusts: name its address in TRUST_PROXY, and send the original request through it.",
  noOriginalRequest:
    "Send the original request's method and URI: X-Original-Method and X-Original-URI (nginx), or X-Forwarded-Method and X-Forwarded-Uri (Caddy, Traefik).",
  badOriginalPath: "The original request's path cannot be read as a path (an encoded slash, a NUL, or a '..' above the root).",
  introspectionNotForm:
    'Send the token as a form, \'Content-Type: application/x-www-form-urlencoded\' with token=<token> (or as JSON, {"token": "..."}).',
  introspectionNoToken: "Name the token to introspect: token=<token>.",
  introspectionNeedsAdmin: "tokens:introspect works only while the token's owner is an admin.",
  notFound: "API key not found.",
  badCursor: "cursor: use the `next` of the previous page, as it was answered.",
  noSuchEndpoint: "There is no such endpoint. See /v2/openapi.json.",
  tooManyFailures: "Too many failed authentications from this address. Retry later.",
  tooManyRequests: "Too many requests with this API token. Retry later.",
  usageExceeded:
    "This API token has used its whole quota of requests. Its owner can refill it in the console (API Token, the token's Edit) or with PATCH /v2/api/{id} using another of their keys.",
  selfRefill:
    "An API token cannot refill its own quota or change its own rate limit: its owner does, in the console (the token's Edit), or with another of their keys.",
  limitedManager:
    "An API token with limits of its own (a rate limit or a quota) cannot create keys nor change any key's limits, or it could lift its own: its owner does, in the console, or with a key without limits.",
  noQuota: "quota_remaining: this key has no quota to refill. Give it one with quota.",
  remainingAboveQuota: "quota_remaining: cannot be more than the key's quota.",
  invalidJson: "The request body must be a JSON object.",
  notJson: "Send the request body as JSON, with the header 'Content-Type: application/json'.",
  bodyTooLarge: "The request body is too large (at most 64 KB).",
  internal: "The server could not complete the request.",
  busy: `${WORDING.busy} Retry in a second.`,
  unavailable: "The service cannot reach its database right now. Retry in a few seconds.",
  badSignature:
    "The request is not signed by GitHub: send the body's signature in Github-Public-Key-Signature, with the key named in Github-Public-Key-Identifier.",
  githubKeysUnavailable: "GitHub's public keys cannot be read right now, so the signature cannot be checked. Retry later.",
  scanningBodyTooLarge: "The request body is too large (at most 1 MB).",
  tooManyRevocations: "Too many revocation requests from this address. Retry later.",
  revocationAccepted: "Thank you. Every credential in the request that is a live Token Console token is revoked, and its owner is told.",
} as const;

const NO_STORE = { "Cache-Control": "no-store" };

/**
 * A JSON answer. Built from its text, not with Response.json: served by our own server, the
 * platform API's `Response` is @hono/node-server's lightweight one (scripts/api.mjs), which
 * writes a string body straight to the socket and makes no stream; its static json() would.
 */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export function apiSuccess(body: Record<string, unknown>, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return jsonResponse({ status: "success", ...body }, init.status ?? 200, { ...NO_STORE, ...init.headers });
}

/**
 * The stable code of every error: what a program branches on (the message is for people and
 * may change). Listed in the OpenAPI document.
 */
export const ERROR_CODES = [
  "unauthenticated",
  "token_expired",
  "token_disabled",
  "token_pending_approval",
  "token_denied",
  "forbidden_enable",
  "invalid_state",
  "forbidden_scope",
  "forbidden_address",
  "forbidden_previous_secret",
  "forbidden_endpoint",
  "untrusted_proxy",
  "invalid_path",
  "invalid_request",
  "not_found",
  "no_such_endpoint",
  "invalid_json",
  "unsupported_media_type",
  "body_too_large",
  "invalid_input",
  "permissions_widen",
  "invalid_signature",
  "duplicate_name",
  "token_limit_reached",
  "policy_violation",
  "rate_limited",
  "usage_exceeded",
  "forbidden_refill",
  "busy",
  "unavailable",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const CODE_OF_MESSAGE = new Map<string, ErrorCode>([
  [MESSAGES.unauthenticated, "unauthenticated"],
  [MESSAGES.expired, "token_expired"],
  [MESSAGES.expiredNoRoll, "token_expired"],
  [MESSAGES.disabled, "token_disabled"],
  [MESSAGES.pendingApproval, "token_pending_approval"],
  [MESSAGES.denied, "token_denied"],
  [MESSAGES.enableSelf, "forbidden_enable"],
  [MESSAGES.notDisabled, "invalid_state"],
  [MESSAGES.notActive, "invalid_state"],
  [MESSAGES.forbiddenAddress, "forbidden_address"],
  [MESSAGES.previousSecret, "forbidden_previous_secret"],
  [MESSAGES.notAvailable, "forbidden_endpoint"],
  [MESSAGES.noRule, "forbidden_endpoint"],
  [MESSAGES.untrustedProxy, "untrusted_proxy"],
  [MESSAGES.noOriginalRequest, "invalid_request"],
  [MESSAGES.badOriginalPath, "invalid_path"],
  [MESSAGES.introspectionNotForm, "unsupported_media_type"],
  [MESSAGES.introspectionNoToken, "invalid_request"],
  [MESSAGES.introspectionNeedsAdmin, "forbidden_scope"],
  [MESSAGES.notFound, "not_found"],
  [MESSAGES.noSuchEndpoint, "no_such_endpoint"],
  [MESSAGES.invalidJson, "invalid_json"],
  [MESSAGES.notJson, "unsupported_media_type"],
  [MESSAGES.bodyTooLarge, "body_too_large"],
  [MESSAGES.tooManyFailures, "rate_limited"],
  [MESSAGES.tooManyRequests, "rate_limited"],
  [MESSAGES.usageExceeded, "usage_exceeded"],
  [MESSAGES.selfRefill, "forbidden_refill"],
  [MESSAGES.limitedManager, "forbidden_refill"],
  [MESSAGES.busy, "busy"],
  [MESSAGES.unavailable, "unavailable"],
  [MESSAGES.badSignature, "invalid_signature"],
  [MESSAGES.githubKeysUnavailable, "unavailable"],
  [MESSAGES.scanningBodyTooLarge, "body_too_large"],
  [MESSAGES.tooManyRevocations, "rate_limited"],
  [MESSAGES.internal, "internal"],
]);

/**
 * An error in the platform's dialect, `{"status":"error","message"}`, and beside it
 * `errors: [{code, message}]`: the shape the real platform's Go SDK reads from a non-2xx answer.
 */
export function apiError(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  code?: ErrorCode,
  extra: Record<string, unknown> = {},
): Response {
  const errorCode = code ?? CODE_OF_MESSAGE.get(message) ?? (status === 422 ? "invalid_input" : "internal");
  return jsonResponse({ status: "error", message, errors: [{ code: errorCode, message }], ...extra }, status, { ...NO_STORE, ...headers });
}

/** 422 naming the first field a request schema refused: "name: Use at most 64 characters." */
export function invalidBody(error: z.ZodError): Response {
  const issue = error.issues[0];
  const field = issue?.path.join(".") ?? "";
  const message = issue?.message ?? "invalid";
  return apiError(422, !field || message.startsWith(field) ? message : `${field}: ${message}`);
}

/** A query parameter that cannot be read: 400, naming it. */
export function invalidQuery(error: z.ZodError): Response {
  const issue = error.issues[0];
  const field = issue?.path.join(".") ?? "";
  return apiError(400, `${field || "query"}: ${issue?.message ?? "invalid"}`, {}, "invalid_input");
}

export function unauthenticated(message: string = MESSAGES.unauthenticated): Response {
  return apiError(401, message, { "WWW-Authenticate": 'Bearer realm="v2"' });
}

export function tooManyRequests(message: string, waitMs: number): Response {
  return apiError(429, message, { "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))) });
}

/** 403 for a token without what a request needs: the body names it, for people and for programs. */
export function missingPermissions(missing: readonly string[], message = MESSAGES.forbidden(missing)): Response {
  return apiError(403, message, {}, "forbidden_scope", { missing_permissions: missing });
}

/** Anything under /v2 that is not an endpoint: an answer in the API's dialect, not an HTML page or a bare 405. */
export function noSuchEndpoint(): Response {
  return apiError(404, MESSAGES.noSuchEndpoint);
}
