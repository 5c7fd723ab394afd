import "server-only";
import { TOKEN_STATE_OPERATIONS } from "@/lib/api/token-state-operations";
import { MESSAGES } from "@/lib/api/responses";
import * as schemas from "@/lib/api/schemas";
import { INTROSPECT } from "@/lib/permissions";
import { SCOPE_WIRE } from "@/lib/scopes";
import { ACTIVITY_OPERATIONS } from "@/lib/api/activity-operations";
import type { ApiOperation } from "@/lib/api/operation-shape";

export { ERRORS, type ApiOperation, type ErrorStatus } from "@/lib/api/operation-shape";

// The /v2 operations as the docs describe them: what each takes, answers and requires, with
// examples. lib/api/openapi.ts makes the OpenAPI document of them; the API Docs page lists them.

const TIMESTAMP = "2026-11-27 09:30:00";
// Not token-shaped on purpose: a secret scanner must not flag the docs.
const TOKEN_EXAMPLE = "tkc_…(53 characters: the new token, shown in this response only)";
const TOKEN_FOUND_EXAMPLE = "tkc_…(the 53 characters found)";

const apiKeyExample = {
  id: "cm3x8k2p90001qz8h4f2a7b1c",
  name: "ci-deploy",
  write: "1",
  created_at: TIMESTAMP,
  scope: SCOPE_WIRE.WRITE,
  permissions: ["account:read", "account:write", "api_keys:read", "api_keys:write", "dns:read", "dns:write"],
  display_prefix: "tkc_4kQ9vX2m",
  description: "Deploys from the main branch",
  allowed_ips: ["203.0.113.0/24"],
  last_used_at: null,
  last_used_ip: null,
  expires_at: "2027-02-25 09:30:00",
  status: "active",
  disabled_reason: null,
  denied_reason: null,
  rate_limit_per_minute: 60,
  quota: 10000,
  quota_remaining: 4210,
};

const { status: _active, ...keyFields } = apiKeyExample;

/** The operations, in the order the docs page shows them. */
export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/account/info",
    summary: "Account information",
    description: "The account that owns the token.",
    permission: "account:read",
    response: {
      schema: schemas.accountInfoResponse,
      example: {
        status: "success",
        user: {
          id: "cm3x8k2p90000qz8h1a2b3c4d",
          type: "individual",
          fullname: "Ada Lovelace",
          email: "ada@example.com",
          c_added: TIMESTAMP,
          role: "member",
        },
      },
    },
  },
  {
    method: "get",
    path: "/api",
    summary: "List API keys",
    description:
      'Every API key of the account, oldest first. `write` is "1" for a key holding any write permission (every Write key) and "0" otherwise; `scope` is `read_only`, `write` or `custom`, and `permissions` lists what the key holds; `created_at` is UTC.',
    permission: "api_keys:read",
    response: { schema: schemas.listApiKeysResponse, example: { status: "success", api: [apiKeyExample] } },
  },
  {
    method: "get",
    path: "/api/self",
    summary: "The calling key itself",
    description:
      "The record of the key that makes the request: its permissions, expiry, allowed IPs, limits and last use, and its team. Any valid key may read its own record, whatever it holds, so a pipeline can check its key before it needs it; an expired, disabled or out-of-its-addresses key is refused as on every route.",
    permission: null,
    ownRecord: true,
    response: {
      schema: schemas.ownApiKeyResponse,
      example: { status: "success", api: { ...apiKeyExample, team: null, via_previous_secret: false, previous_secret_valid_until: null } },
    },
  },
  {
    method: "post",
    path: "/api/generate",
    summary: "Create an API key",
    description:
      'Creates a key for the account. `write` accepts "on", "1", "yes" or true for Write, and "off", "0", "no", false or nothing for Read-Only; or send `permissions` instead, for a Custom key holding exactly those (`["dns:read", "account:read"]`). A key never creates a key holding a permission it lacks itself (403 with `missing_permissions`), and a Custom key creates no Read-Only or Write key, which would gain every resource added later (403 `forbidden_scope`). `expires_at` or `expires_in_days` sets when it stops working; with neither it does not expire, unless the installation sets a maximum lifetime, which then applies (a later date is a 422). `rate_limit_per_minute` gives it a rate limit of its own (at most the installation\'s) and `quota` a quota of requests, starting full. A key with limits of its own creates no keys (403, code forbidden_refill): one without them would lift its cap. The secret is in `apikey`, in this response only.',
    permission: "api_keys:write",
    request: {
      schema: schemas.createApiKeyRequest,
      example: {
        name: "ci-deploy",
        write: "on",
        expires_in_days: 90,
        description: "Deploys from the main branch",
        allowed_ips: ["203.0.113.0/24"],
        rate_limit_per_minute: 60,
        quota: 10000,
      },
    },
    response: {
      schema: schemas.createApiKeyResponse,
      example: {
        ...keyFields,
        quota_remaining: 10000,
        status: "success",
        apikey: TOKEN_EXAMPLE,
        message: "New API has been created",
        key_status: "active",
      },
    },
    errors: [400, 413, 415, 422],
  },
  {
    method: "patch",
    path: "/api/{id}",
    summary: "Edit an API key",
    description:
      "Changes one of the account's keys: its `name`, `description` or `allowed_ips`; a field left out stays as it is. The scope and permissions never change here (sending `write`, `scope` or `permissions` is a 422): a key that needs more rights is a new key, and one that needs fewer is narrowed (`POST /api/{id}/narrow`). Answers the key as it now is. A key may edit itself, allowed IPs included. Limits: `rate_limit_per_minute` (null: the installation\'s), `quota` (null: none; a new quota starts full) and `quota_remaining` (a refill). Only the owner refills: a key may change the limits of another of the account\'s keys, never its own, and a key with limits of its own changes no key's limits (403, code forbidden_refill).",
    permission: "api_keys:write",
    request: {
      schema: schemas.updateApiKeyRequest,
      example: { description: "Deploys from main and release branches", allowed_ips: ["203.0.113.0/24", "2001:db8::/32"] },
    },
    response: {
      schema: schemas.updateApiKeyResponse,
      example: { ...keyFields, status: "success", message: "API key has been updated", allowed_ips: ["203.0.113.0/24", "2001:db8::/32"] },
    },
    errors: [400, 404, 413, 415, 422],
    errorNotes: {
      403: {
        description: "The key tried to change its own limits (code forbidden_refill), or lacks a permission.",
        message: MESSAGES.selfRefill,
        code: "forbidden_refill",
      },
    },
  },
  {
    method: "delete",
    path: "/api/{id}/delete",
    summary: "Delete an API key",
    description: "Deletes one of the account's keys; from that moment it authenticates nothing. A key may delete itself.",
    permission: "api_keys:write",
    response: { schema: schemas.messageResponse, example: { status: "success", message: "API key has been deleted" } },
    errors: [404],
  },
  {
    method: "post",
    path: "/api/{id}/roll",
    summary: "Roll an API key",
    description:
      "Gives one of the account's keys a new secret, in `apikey`, in this response only. The key keeps its id, name, scope and expiry. The previous secret keeps working for `grace_seconds` (default 0: it stops at once), then never again; rolling again during that time ends it at once. The previous secret may call the API in that time but not manage keys: a roll, a new key, an edit or a delete made with it is a 403 `forbidden_previous_secret`. The body is optional. A key may roll itself; an expired key cannot be rolled (422). The roll applies the policy in force: a key without an expiry, or expiring later than the maximum lifetime from now, gets that maximum as its expiry; a key that can write from any address, when the policy requires allowed IPs, is refused (422 `policy_violation`: list its addresses with `PATCH /api/{id}` first).",
    permission: "api_keys:write",
    request: { schema: schemas.rollApiKeyRequest, example: { grace_seconds: 3600 } },
    response: {
      schema: schemas.rollApiKeyResponse,
      example: { status: "success", apikey: TOKEN_EXAMPLE, message: "API key has been rolled", previous_valid_until: TIMESTAMP },
    },
    errors: [400, 404, 413, 415, 422],
  },
  {
    method: "post",
    path: "/api/{id}/narrow",
    summary: "Narrow an API key",
    description:
      "Takes permissions away from one of the account's keys: it becomes Custom with exactly `permissions`, which must be a subset of what it holds (anything else is a 422 `permissions_widen`: a key that needs more is a new key). Its secret, id, name, expiry and allowed IPs stay. Answers the key as it now is.",
    permission: "api_keys:write",
    request: { schema: schemas.narrowApiKeyRequest, example: { permissions: ["dns:read", "account:read"] } },
    response: {
      schema: schemas.updateApiKeyResponse,
      example: {
        ...keyFields,
        scope: SCOPE_WIRE.CUSTOM,
        write: "0",
        permissions: ["account:read", "dns:read"],
        status: "success",
        message: "API key has been narrowed",
      },
    },
    errors: [400, 404, 413, 415, 422],
  },
  ...TOKEN_STATE_OPERATIONS(keyFields),
  ...ACTIVITY_OPERATIONS,
  {
    method: "get",
    path: "/auth/forward",
    summary: "Forward auth (for reverse proxies)",
    description:
      "For a reverse proxy in front of the platform's services: nginx `auth_request`, Caddy `forward_auth`, Traefik ForwardAuth. Any method answers (a proxy may ask with the original request's); GET is shown. It reads the client's `Authorization` header and the original request from `X-Original-Method`/`X-Original-URI` (nginx) or `X-Forwarded-Method`/`X-Forwarded-Uri` (Caddy, Traefik), finds the permission the route rules of the catalogue give that request (none: refused, deny by default), and runs the same checks as every other operation, against the address the proxy saw. It answers only a peer that TRUST_PROXY names (this example works from the console's own machine with `TRUST_PROXY=loopback`). On success `200` with `X-Token-Id`, `X-Token-User` (the owner's id) and `X-Token-Permissions` (space-separated) for the proxy to pass upstream; a refusal is 401, 403 or 429 with the usual error body, repeated in the `X-Token-Error` header for nginx. The configurations to include are in the repository's deploy/ folder (deploy/nginx/forward-auth.conf, deploy/Caddyfile).",
    permission: null,
    bearer: true,
    headers: { "X-Forwarded-Method": "GET", "X-Forwarded-Uri": "/v2/dns/zones" },
    response: { schema: schemas.forwardAuthResponse, example: { status: "success" } },
    errors: [400, 401, 403, 429, 503],
    errorNotes: {
      400: {
        description: "No original method and URI, or a path that cannot be read as one.",
        message: MESSAGES.noOriginalRequest,
        code: "invalid_request",
      },
      403: {
        description:
          "The token lacks the permission the route rules give the request (forbidden_scope, with missing_permissions), no rule covers it (forbidden_endpoint), the address is not allowed (forbidden_address), or the peer is not a trusted proxy (untrusted_proxy).",
        message: MESSAGES.forbidden(["dns:write"]),
        code: "forbidden_scope",
      },
    },
  },
  {
    method: "post",
    path: "/tokens/introspect",
    summary: "Introspect a token (RFC 7662)",
    description:
      'For a service that checks tokens in its own code: is this token active, and what does it hold? Send `token=<token>` form-encoded (JSON accepted too). A live token is described; anything else (unknown, deleted, expired, malformed) is exactly `{"active": false}`. Calls count against the calling token\'s rate limit.',
    permission: INTROSPECT,
    requestType: "application/x-www-form-urlencoded",
    request: { schema: schemas.introspectionRequest, example: { token: "$TOKEN_TO_CHECK" } },
    response: {
      schema: schemas.introspectionResponse,
      example: {
        active: true,
        token_type: "Bearer",
        jti: "cm3x8k2p90001qz8h4f2a7b1c",
        sub: "cm3x8k2p90000qz8h1d5e9f3a",
        scope: "account:read dns:read",
        exp: 1798191000,
        iat: 1795599000,
        permissions: ["account:read", "dns:read"],
      },
    },
    errors: [400, 413, 415],
    errorNotes: {
      400: { description: "No `token` parameter (or two).", message: MESSAGES.introspectionNoToken, code: "invalid_request" },
      415: { description: "The body is neither a form nor JSON.", message: MESSAGES.introspectionNotForm, code: "unsupported_media_type" },
    },
  },
  {
    method: "post",
    path: "/credentials/revoke",
    summary: "Revoke leaked credentials",
    description:
      "For anyone who finds one of our tokens where it should not be: each credential that is a live token is revoked at once (or, when the installation says so, reported to its owner), and its owner is told. No authentication. The answer is the same `202` whatever the request held, so it tells nothing about which strings were tokens. Limited per address.",
    permission: null,
    request: { schema: schemas.revokeCredentialsRequest, example: { credentials: [TOKEN_FOUND_EXAMPLE] } },
    response: { schema: schemas.messageResponse, example: { status: "success", message: MESSAGES.revocationAccepted }, status: 202 },
    errors: [400, 413, 415, 422, 429, 503],
    errorNotes: {
      429: {
        description: "Too many requests from this address. Retry after the seconds in Retry-After.",
        message: MESSAGES.tooManyRevocations,
        code: "rate_limited",
      },
    },
  },
  {
    method: "post",
    path: "/secret-scanning/github",
    summary: "GitHub secret scanning",
    description:
      "GitHub's secret scanning partner endpoint: GitHub posts the matches of the token pattern it found in public, signed with ECDSA P-256 / SHA-256 over the raw body (`Github-Public-Key-Identifier`, `Github-Public-Key-Signature`). The signature is checked before the body is read as JSON. Each match that is a live token is revoked (or reported to its owner); the answer is GitHub's feedback array. See docs/secret-scanning.md.",
    permission: null,
    request: {
      schema: schemas.githubSecretScanningRequest,
      example: [
        {
          token: TOKEN_FOUND_EXAMPLE,
          type: "token_console_api_token",
          url: "https://github.com/octocat/hello/blob/1a2b3c/.env",
          source: "content",
        },
      ],
    },
    response: {
      schema: schemas.githubSecretScanningResponse,
      example: [{ token_raw: TOKEN_FOUND_EXAMPLE, token_type: "token_console_api_token", label: "true_positive" }],
    },
    headers: { "Github-Public-Key-Identifier": "<GitHub's key id>", "Github-Public-Key-Signature": "<base64 signature of the body>" },
    errors: [400, 401, 413, 422, 503],
    errorNotes: {
      401: {
        description: "No signature, a key GitHub does not publish, or a signature that does not match the body.",
        message: MESSAGES.badSignature,
        code: "invalid_signature",
      },
      413: { description: "The body is over 1 MB.", message: MESSAGES.scanningBodyTooLarge, code: "body_too_large" },
      503: {
        description: "GitHub's public keys cannot be read, or the database is busy. Retry later.",
        message: MESSAGES.githubKeysUnavailable,
        code: "unavailable",
      },
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    description: "The OpenAPI 3.1 description of this API. No authentication.",
    permission: null,
    response: {
      schema: schemas.openApiResponse,
      example: { openapi: "3.1.0", info: { title: "Token Console platform API", version: "2.0.0" } },
    },
  },
];

export function curlExample(op: ApiOperation, baseUrl: string): string {
  const url = `${baseUrl}${op.path.replace("{id}", "<id>")}`;
  const lines = [`curl -X ${op.method.toUpperCase()} "${url}"`];
  if (op.permission || op.bearer) lines.push(`  -H "Authorization: Bearer $API_TOKEN"`);
  for (const [name, value] of Object.entries(op.headers ?? {})) lines.push(`  -H "${name}: ${value}"`);
  if (op.request && op.requestType === "application/x-www-form-urlencoded") {
    // curl's -d is form-encoded already.
    lines.push(`  -d "${new URLSearchParams(op.request.example as Record<string, string>).toString().replaceAll("%24", "$")}"`);
  } else if (op.request) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d '${JSON.stringify(op.request.example)}'`);
  }
  return lines.join(" \\\n");
}
