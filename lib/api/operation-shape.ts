import "server-only";
import type { z } from "zod";
import { MESSAGES } from "@/lib/api/responses";
import type { Permission } from "@/lib/permissions";
import { SCOPE_LABELS } from "@/lib/scopes";

// What a documented /v2 operation says of itself (lib/api/operations.ts lists them), and the
// errors every token-authenticated one may answer.

export const ERRORS = {
  400: { description: "The body is not a JSON object.", message: MESSAGES.invalidJson },
  401: {
    description:
      'Missing, malformed, unknown or deleted token (one answer for all); or an expired one ("This API token has expired.", code token_expired); or one that is disabled (code token_disabled), waiting for an admin\'s approval (code token_pending_approval) or denied by an admin (code token_denied).',
    message: MESSAGES.unauthenticated,
  },
  403: {
    description: `The token lacks the permission the operation needs (code forbidden_scope, with \`missing_permissions\`: a ${SCOPE_LABELS.READ_ONLY} token holds every read, a ${SCOPE_LABELS.WRITE} token everything, a ${SCOPE_LABELS.CUSTOM} token exactly its list); or the request comes from outside the token's allowed IPs (code forbidden_address).`,
    message: MESSAGES.forbidden(["api_keys:write"]),
  },
  404: { description: "No key with this id in the account.", message: MESSAGES.notFound },
  413: { description: "The body is over 64 KB.", message: MESSAGES.bodyTooLarge },
  415: { description: "The body is not declared as application/json.", message: MESSAGES.notJson },
  422: {
    description: "Invalid input (the field is named in the message), a duplicate name, or the 100-key cap.",
    message: "You already have a token named “ci-deploy”. Choose another name.",
  },
  429: {
    description:
      "Rate limited (code rate_limited): retry after the number of seconds in Retry-After. Or the key has spent its whole quota (code usage_exceeded, no Retry-After): waiting does not help; its owner refills it, in the console or with PATCH /api/{id} from another of their keys.",
    message: MESSAGES.tooManyRequests,
  },
  503: {
    description:
      "The database is busy, or out of reach, for a moment (code busy or unavailable). Retry after the number of seconds in Retry-After.",
    message: MESSAGES.busy,
  },
} as const;
export type ErrorStatus = keyof typeof ERRORS;
export type ApiOperation = {
  method: "get" | "post" | "patch" | "delete";
  path: string;
  summary: string;
  description: string;
  /** The permission a token needs (the route declares the same), or null for no authentication. */
  permission: Permission | null;
  request?: { schema: z.ZodType; example: unknown };
  response: { schema: z.ZodType; example: unknown; status?: 200 | 202 };
  errors?: ErrorStatus[];
  /** A token is needed though no one permission is (forward auth: the route rules say which). */
  bearer?: boolean;
  /** Any valid token may call it: it answers about the calling token itself (GET /api/self). */
  ownRecord?: boolean;
  /** Its query parameters, when it takes some. */
  query?: z.ZodObject;
  /** How the request body is sent, when not as JSON. */
  requestType?: "application/x-www-form-urlencoded";
  /** Headers the curl example shows beyond the token's (GitHub's signature). */
  headers?: Record<string, string>;
  /** What an error status means for this operation, where it is not what it means for the token-authenticated ones. */
  errorNotes?: Partial<Record<ErrorStatus, { description: string; message: string; code: string }>>;
};
