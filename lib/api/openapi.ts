import "server-only";
import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import * as schemas from "@/lib/api/schemas";
import { API_OPERATIONS, ERRORS, type ApiOperation, type ErrorStatus } from "@/lib/api/operations";
import { SCOPE_LABELS } from "@/lib/scopes";
import { INTROSPECT } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";

// The OpenAPI 3.1 document of the /v2 API, generated from the zod schemas the routes validate
// with (lib/api/schemas.ts). Served at /v2/openapi.json and rendered by the console's API Docs
// page; a test checks that every route the server answers is in it, and lints it.

const EXAMPLE_CODES: Record<ErrorStatus, string> = {
  400: "invalid_json",
  401: "unauthenticated",
  403: "forbidden_scope",
  404: "not_found",
  413: "body_too_large",
  415: "unsupported_media_type",
  422: "duplicate_name",
  429: "rate_limited",
  503: "busy",
};

const errorResponse = (status: ErrorStatus, note?: { description: string; message: string; code: string }) => ({
  description: note?.description ?? ERRORS[status].description,
  content: {
    "application/json": {
      schema: schemas.errorBody,
      example: {
        status: "error",
        message: note?.message ?? ERRORS[status].message,
        errors: [{ code: note?.code ?? EXAMPLE_CODES[status], message: note?.message ?? ERRORS[status].message }],
      },
    },
  },
  ...(status === 429 || status === 503
    ? { headers: z.object({ "Retry-After": z.string().meta({ description: "Seconds to wait." }) }) }
    : {}),
});

/** "Requires the permission api_keys:write: a Write token, or a Custom token holding it." */
export const requirement = (permission: string) =>
  permission === INTROSPECT
    ? `Requires the permission \`${INTROSPECT}\`, which only an admin grants (to a ${SCOPE_LABELS.CUSTOM} token of their own), and which works only while its owner is an admin.`
    : `Requires the permission \`${permission}\`: a ${permission.endsWith(":read") ? `${SCOPE_LABELS.READ_ONLY} or ${SCOPE_LABELS.WRITE}` : SCOPE_LABELS.WRITE} token, or a ${SCOPE_LABELS.CUSTOM} token holding it.`;

/** The catalogue, as the document's introduction lists it. */
function permissionsSection(): string {
  const rows = resourceCatalogue().map(
    (resource) => `| \`${resource.id}\` | ${resource.label} | ${resource.description.replaceAll("|", "\\|")} |`,
  );
  return [
    "## Permissions",
    "",
    "A permission is `<resource>:read` or `<resource>:write`; write includes read. One more, `tokens:introspect` (POST /tokens/introspect), is held by no preset and granted only by an admin. A Read-Only key holds every read, a Write key everything (resources added later included), and a Custom key exactly its `permissions`. A key's permissions never widen; `POST /api/{id}/narrow` takes some away. A refusal is a 403 `forbidden_scope` whose `missing_permissions` names what the key lacks.",
    "",
    "| resource | label | what it covers |",
    "| --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** Whether an operation takes a token: a permission, the route rules, or any valid one (its own record). */
const takesToken = (op: ApiOperation) => Boolean(op.permission || op.bearer || op.ownRecord);

function operationObject(op: ApiOperation): ZodOpenApiOperationObject {
  const statuses: ErrorStatus[] = [
    // Any token-authenticated operation: a Custom token may lack its permission.
    ...(takesToken(op) ? [401 as const, 403 as const] : []),
    ...(op.errors ?? []),
    ...(takesToken(op) ? [429 as const, 503 as const] : []),
  ];
  const responses: Record<string, unknown> = {
    [String(op.response.status ?? 200)]: {
      description: op.response.status === 202 ? "Accepted" : "Success",
      content: { "application/json": { schema: op.response.schema, example: op.response.example } },
    },
  };
  for (const status of [...new Set(statuses)].sort()) responses[String(status)] = errorResponse(status, op.errorNotes?.[status]);
  return {
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[/.](\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    description: op.permission
      ? `${op.description}\n\n${requirement(op.permission)}`
      : op.ownRecord
        ? `${op.description}\n\nRequires no permission: any valid token.`
        : op.description,
    ...(op.permission ? { "x-required-permission": op.permission } : takesToken(op) ? {} : { security: [] }),
    ...(op.path.includes("{id}") || op.query
      ? {
          requestParams: {
            ...(op.path.includes("{id}")
              ? { path: z.object({ id: z.string().meta({ description: "The key's id, from List API keys." }) }) }
              : {}),
            ...(op.query ? { query: op.query } : {}),
          },
        }
      : {}),
    ...(op.request
      ? {
          requestBody: {
            required: true,
            content: { [op.requestType ?? "application/json"]: { schema: op.request.schema, example: op.request.example } },
          },
        }
      : {}),
    responses: responses as ZodOpenApiOperationObject["responses"],
  };
}

export function openApiDocument(serverUrl: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of API_OPERATIONS) paths[op.path] = { ...paths[op.path], [op.method]: operationObject(op) };
  return createDocument({
    openapi: "3.1.0",
    info: {
      title: "Token Console platform API",
      version: "2.0.0",
      description: `The platform API that API tokens unlock. It speaks the real cloud platform's v2 dialect, so its clients work here by changing only their base URL. Authenticate with \`Authorization: Bearer <token>\`; tokens in query strings are refused.\n\n${permissionsSection()}`,
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    "x-permissions": resourceCatalogue().flatMap((resource) =>
      (resource.adminOnly ? (["introspect"] as const) : (["read", "write"] as const)).map((action) => ({
        permission: `${resource.id}:${action}`,
        resource: resource.id,
        label: resource.label,
        action,
      })),
    ),
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token from the console's API Token page." } },
    },
    paths,
  });
}
