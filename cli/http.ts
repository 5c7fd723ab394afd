import { readAtMost } from "../lib/server/read-at-most";
import { Refused, redact } from "./errors";
import type { Credentials } from "./config";

// The one way tkc speaks to the console: the public /v2 API over HTTP, with the token as a
// Bearer header. A refusal becomes a Refused with the API's own message (errors[0].message).

export type Answer = { status: number; json: Record<string, unknown> };

type CallOptions = {
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
};

const TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export async function call(url: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "tkc" };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form).toString();
  }
  let response: Response;
  try {
    response = await fetch(`${url}/v2${path}`, { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why =
      (error as Error).name === "TimeoutError" ? "no answer in 30 seconds" : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new Refused(`Could not reach ${url}: ${redact(String(why))}`);
  }
  // No answer of the console's is near MAX_ANSWER_BYTES: a bigger one is not a Token Console's, and is not held.
  const bytes = await readAtMost(response.body, MAX_ANSWER_BYTES);
  if (!bytes)
    throw new Refused(
      `The console at ${url} answered more than ${MAX_ANSWER_BYTES / 1024 / 1024} MB: is it a Token Console?`,
      response.status,
    );
  const text = bytes.toString("utf8");
  let json: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const first = Array.isArray(json?.errors) ? (json.errors[0] as { code?: unknown; message?: unknown } | undefined) : undefined;
    const message = typeof first?.message === "string" ? first.message : typeof json?.message === "string" ? json.message : undefined;
    const code = typeof first?.code === "string" ? first.code : undefined;
    let line = `${message ?? `The console answered HTTP ${response.status}.`} (HTTP ${response.status}${code ? `, ${code}` : ""})`;
    const missing = json?.missing_permissions;
    if (Array.isArray(missing) && missing.length > 0) line += `\nThe token lacks: ${missing.join(", ")}`;
    const retry = response.headers.get("retry-after");
    if (response.status === 429 && retry) line += `\nRetry after ${retry} seconds.`;
    throw new Refused(redact(line), response.status, code);
  }
  if (!json)
    throw new Refused(`The console at ${url} did not answer JSON (HTTP ${response.status}): is it a Token Console?`, response.status);
  return { status: response.status, json };
}

/** An authenticated call with the logged-in (or TKC_*) credentials. */
export const authed = (creds: Credentials, method: string, path: string, options: Omit<CallOptions, "token"> = {}) =>
  call(creds.url, method, path, { ...options, token: creds.token });
