// The OpenAPI 3.1 document of the /v2 API: served at /v2/openapi.json and rendered by the
// console's API docs page, so the two cannot disagree. A test checks that every route the
// server answers is in it.

const TIMESTAMP = "2026-11-27 09:30:00";
// Not token-shaped on purpose: a secret scanner must not flag the docs.
const TOKEN_EXAMPLE = "tkc_…(53 characters: the new token, shown in this response only)";

const apiKeyExample = {
  id: "cm3x8k2p90001qz8h4f2a7b1c",
  name: "ci-deploy",
  write: "1",
  created_at: TIMESTAMP,
  scope: "write",
  display_prefix: "tkc_4kQ9vX2m",
  last_used_at: null,
};

const errorResponse = (description: string, message: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" }, example: { status: "error", message } } },
});

const unauthorized = errorResponse("Missing, malformed, unknown or deleted token (one answer for all).", "Authentication failed: send a valid API token as 'Authorization: Bearer <token>'.");
const forbidden = errorResponse("The token is Read-Only and the operation needs Write.", "This API token is Read-Only; this request needs a token with Write access.");
const tooMany = {
  ...errorResponse("Rate limited. Retry after the number of seconds in Retry-After.", "Too many requests with this API token. Retry later."),
  headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } },
};

export type ApiOperation = {
  method: "get" | "post" | "delete";
  path: string;
  summary: string;
  description: string;
  /** The scope a token needs: "read", "write", or null for no authentication. */
  scope: "read" | "write" | null;
  requestExample?: Record<string, unknown>;
  responseExample: Record<string, unknown>;
};

/** The operations, in the order the docs page shows them. */
export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/account/info",
    summary: "Account information",
    description: "The account that owns the token.",
    scope: "read",
    responseExample: {
      status: "success",
      user: { id: "cm3x8k2p90000qz8h1a2b3c4d", type: "individual", fullname: "Ada Lovelace", email: "ada@example.com", c_added: TIMESTAMP, role: "member" },
    },
  },
  {
    method: "get",
    path: "/api",
    summary: "List API keys",
    description: "Every API key of the account, oldest first. `write` is \"1\" for Write keys and \"0\" for Read-Only keys; `created_at` is UTC.",
    scope: "read",
    responseExample: { status: "success", api: [apiKeyExample] },
  },
  {
    method: "post",
    path: "/api/generate",
    summary: "Create an API key",
    description:
      "Creates a key for the account. `write` accepts \"on\", \"1\", \"yes\" or true for Write, and \"off\", \"0\", \"no\", false or nothing for Read-Only. The secret is in `apikey`, in this response only.",
    scope: "write",
    requestExample: { name: "ci-deploy", write: "on" },
    responseExample: { status: "success", apikey: TOKEN_EXAMPLE, message: "New API has been created", ...apiKeyExample },
  },
  {
    method: "delete",
    path: "/api/{id}/delete",
    summary: "Delete an API key",
    description: "Deletes one of the account's keys; from that moment it authenticates nothing. A key may delete itself.",
    scope: "write",
    responseExample: { status: "success", message: "API key has been deleted" },
  },
  {
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    description: "The OpenAPI 3.1 description of this API. No authentication.",
    scope: null,
    responseExample: { openapi: "3.1.0", info: { title: "Token Console platform API", version: "2.0.0" } },
  },
];

const schemas = {
  Error: {
    type: "object",
    required: ["status", "message"],
    properties: { status: { const: "error" }, message: { type: "string" } },
  },
  ApiKey: {
    type: "object",
    required: ["id", "name", "write", "created_at"],
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      write: { type: "string", enum: ["0", "1"] },
      created_at: { type: "string", description: "YYYY-MM-DD HH:MM:SS, UTC" },
      scope: { type: "string", enum: ["read_only", "write"] },
      display_prefix: { type: "string", description: "The token's first characters: tells keys apart, opens nothing." },
      last_used_at: { type: ["string", "null"], description: "YYYY-MM-DD HH:MM:SS, UTC, to the minute" },
    },
  },
  CreateApiKeyRequest: {
    type: "object",
    required: ["name"],
    properties: {
      name: { type: "string", minLength: 1, maxLength: 64, description: "Unique among the account's keys, ignoring case." },
      write: { oneOf: [{ type: "string", enum: ["on", "off", "1", "0", "yes", "no", "true", "false"] }, { type: "boolean" }] },
    },
  },
};

const responseSchemas: Record<string, unknown> = {
  "/account/info": {
    type: "object",
    required: ["status", "user"],
    properties: {
      status: { const: "success" },
      user: {
        type: "object",
        required: ["id", "fullname", "email"],
        properties: {
          id: { type: "string" },
          type: { type: "string" },
          fullname: { type: "string" },
          email: { type: "string" },
          c_added: { type: "string" },
          role: { type: "string", enum: ["member", "admin"] },
        },
      },
    },
  },
  "/api": {
    type: "object",
    required: ["status", "api"],
    properties: { status: { const: "success" }, api: { type: "array", items: { $ref: "#/components/schemas/ApiKey" } } },
  },
  "/api/generate": {
    allOf: [
      { $ref: "#/components/schemas/ApiKey" },
      { type: "object", required: ["status", "apikey", "message"], properties: { status: { const: "success" }, apikey: { type: "string" }, message: { type: "string" } } },
    ],
  },
  "/api/{id}/delete": {
    type: "object",
    required: ["status", "message"],
    properties: { status: { const: "success" }, message: { type: "string" } },
  },
  "/openapi.json": { type: "object" },
};

function operationObject(op: ApiOperation) {
  const responses: Record<string, unknown> = {
    "200": { description: "Success", content: { "application/json": { schema: responseSchemas[op.path], example: op.responseExample } } },
  };
  if (op.scope) {
    responses["401"] = unauthorized;
    if (op.scope === "write") responses["403"] = forbidden;
    responses["429"] = tooMany;
  }
  if (op.path === "/api/generate") {
    responses["400"] = errorResponse("The body is not a JSON object.", "The request body must be a JSON object.");
    responses["413"] = errorResponse("The body is over 64 KB.", "The request body is too large (at most 64 KB).");
    responses["422"] = errorResponse("Invalid name or write flag, a duplicate name, or the 100-key cap.", "You already have a token named “ci-deploy”. Choose another name.");
  }
  if (op.path === "/api/{id}/delete") responses["404"] = errorResponse("No key with this id in the account.", "API key not found.");

  return {
    operationId: `${op.method}${op.path.replace(/[{}]/g, "").replace(/[/.](\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: op.summary,
    description: op.scope ? `${op.description}\n\nRequires a token with ${op.scope === "write" ? "Write" : "Read-Only or Write"} access.` : op.description,
    ...(op.scope ? { "x-required-scope": op.scope } : { security: [] }),
    ...(op.path.includes("{id}")
      ? { parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" }, description: "The key's id, from List API keys." }] }
      : {}),
    ...(op.requestExample
      ? { requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/CreateApiKeyRequest" }, example: op.requestExample } } } }
      : {}),
    responses,
  };
}

export function openApiDocument(origin: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of API_OPERATIONS) (paths[op.path] ??= {})[op.method] = operationObject(op);
  return {
    openapi: "3.1.0",
    info: {
      title: "Token Console platform API",
      version: "2.0.0",
      description:
        "The platform API that API tokens unlock. It speaks the real cloud platform's v2 dialect, so its clients work here by changing only their base URL. Authenticate with `Authorization: Bearer <token>`; tokens in query strings are refused.",
    },
    servers: [{ url: `${origin}/v2` }],
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "An API token from the console's API Token page." } }, schemas },
    paths,
  };
}

/** A copy-paste curl command for an operation, against this server's base URL. */
export function curlExample(op: ApiOperation, baseUrl: string): string {
  const url = `${baseUrl}${op.path.replace("{id}", "<id>")}`;
  const lines = [`curl -X ${op.method.toUpperCase()} "${url}"`];
  if (op.scope) lines.push(`  -H "Authorization: Bearer $API_TOKEN"`);
  if (op.requestExample) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d '${JSON.stringify(op.requestExample)}'`);
  }
  return lines.join(" \\\n");
}
