// Calls the /v2 route handlers in-process, exactly as Next.js does: a standard Request in, a
// Response out, params as a promise. The handlers run against this test file's database.
// Every answer is also checked against the OpenAPI document: a success must match the
// operation's documented schema with no undocumented field, an error the Error schema.
import { expect } from "vitest";
import { API_OPERATIONS } from "@/lib/api/operations";
import { errorBody } from "@/lib/api/schemas";
import { CLIENT_IP_HEADER } from "@/lib/server/client-address.mjs";
import { GET as accountInfo } from "@/app/v2/account/info/route";
import { DELETE as deleteKey } from "@/app/v2/api/[id]/delete/route";
import { POST as rollKey } from "@/app/v2/api/[id]/roll/route";
import { POST as narrowKey } from "@/app/v2/api/[id]/narrow/route";
import { POST as disableKey } from "@/app/v2/api/[id]/disable/route";
import { POST as enableKey } from "@/app/v2/api/[id]/enable/route";
import { GET as keyUsage } from "@/app/v2/api/[id]/usage/route";
import { GET as keyRequests } from "@/app/v2/api/[id]/requests/route";
import { PATCH as updateKey } from "@/app/v2/api/[id]/route";
import { POST as generateKey } from "@/app/v2/api/generate/route";
import { GET as listKeys } from "@/app/v2/api/route";
import { GET as ownKey } from "@/app/v2/api/self/route";
import { GET as openApi } from "@/app/v2/openapi.json/route";
import { POST as revokeCredentials } from "@/app/v2/credentials/revoke/route";
import { POST as githubSecretScanning } from "@/app/v2/secret-scanning/github/route";
import { POST as introspectToken } from "@/app/v2/tokens/introspect/route";

export const BASE = "http://console.test/v2";

type CallOptions = {
  token?: string;
  body?: unknown;
  rawBody?: string | Uint8Array;
  ip?: string;
  query?: string;
  headers?: Record<string, string>;
};

let ipCounter = 0;
/** A fresh client address, so one test's failed authentications never throttle another's. */
export const freshIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

function request(method: string, path: string, options: CallOptions) {
  const headers: Record<string, string> = { host: "console.test", [CLIENT_IP_HEADER]: options.ip ?? freshIp(), ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Uint8Array | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  // A body is declared JSON unless the test says otherwise (a 415 case overrides the header).
  if (body !== undefined) headers["content-type"] ??= "application/json";
  return new Request(`${BASE}${path}${options.query ?? ""}`, { method, headers, body: body as BodyInit | undefined });
}

// As Next.js calls a route without a dynamic segment: no params at all, not a promise of {}.
const noParams = { params: undefined } as unknown as { params: Promise<Record<string, never>> };

export async function call(method: "GET" | "POST" | "PATCH" | "DELETE", path: string, options: CallOptions = {}) {
  const req = request(method, path, options);
  let response: Response;
  const deleteMatch = path.match(/^\/api\/([^/]+)\/delete$/);
  const rollMatch = path.match(/^\/api\/([^/]+)\/roll$/);
  const narrowMatch = path.match(/^\/api\/([^/]+)\/narrow$/);
  const stateMatch = path.match(/^\/api\/([^/]+)\/(disable|enable)$/);
  const keyMatch = path.match(/^\/api\/([^/]+)$/);
  const activityMatch = path.match(/^\/api\/([^/]+)\/(usage|requests)$/);
  if (method === "GET" && path === "/account/info") response = await accountInfo(req, noParams);
  else if (method === "GET" && path === "/api") response = await listKeys(req, noParams);
  else if (method === "POST" && path === "/api/generate") response = await generateKey(req, noParams);
  else if (method === "GET" && path === "/api/self") response = await ownKey(req, noParams);
  else if (method === "DELETE" && deleteMatch)
    response = await deleteKey(req, { params: Promise.resolve({ id: decodeURIComponent(deleteMatch[1]!) }) });
  else if (method === "POST" && rollMatch)
    response = await rollKey(req, { params: Promise.resolve({ id: decodeURIComponent(rollMatch[1]!) }) });
  else if (method === "POST" && narrowMatch)
    response = await narrowKey(req, { params: Promise.resolve({ id: decodeURIComponent(narrowMatch[1]!) }) });
  else if (method === "POST" && stateMatch)
    response = await (stateMatch[2] === "disable" ? disableKey : enableKey)(req, {
      params: Promise.resolve({ id: decodeURIComponent(stateMatch[1]!) }),
    });
  else if (method === "PATCH" && keyMatch)
    response = await updateKey(req, { params: Promise.resolve({ id: decodeURIComponent(keyMatch[1]!) }) });
  else if (method === "GET" && activityMatch)
    response = await (activityMatch[2] === "usage" ? keyUsage : keyRequests)(req, {
      params: Promise.resolve({ id: decodeURIComponent(activityMatch[1]!) }),
    });
  else if (method === "GET" && path === "/openapi.json") response = openApi();
  else if (method === "POST" && path === "/credentials/revoke") response = await revokeCredentials(req);
  else if (method === "POST" && path === "/secret-scanning/github") response = await githubSecretScanning(req);
  else if (method === "POST" && path === "/tokens/introspect") response = await introspectToken(req);
  else throw new Error(`no route for ${method} ${path}`);
  const text = await response.text();
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  expectDocumented(method, path, response.status, json);
  return { status: response.status, headers: response.headers, text, json };
}

function expectDocumented(method: string, path: string, status: number, json: unknown) {
  const operation = API_OPERATIONS.find(
    (op) => op.method === method.toLowerCase() && new RegExp(`^${op.path.replace(/\{\w+\}/g, "[^/]+").replace(/\./g, "\\.")}$`).test(path),
  );
  if (!operation) throw new Error(`${method} ${path} is not in the OpenAPI document`);
  const schema = status < 400 ? operation.response.schema : errorBody;
  // zod drops keys a schema does not declare: an answer equal to its parse has none.
  expect(schema.parse(json), `${method} ${path} ${status} as documented`).toEqual(json);
}
