import "server-only";
import { apiError, MESSAGES } from "@/lib/api/responses";
import { readAtMost } from "@/lib/server/read-at-most";

export const MAX_BODY_BYTES = 64 * 1024;

const isJson = (contentType: string | null) => /^application\/json\s*(;|$)/i.test(contentType?.trim() ?? "");

/** A declared Content-Length over the cap is refused before reading; an undeclared one is cut off as soon as it passes it. */
export async function readBody(
  request: Request,
  maxBytes: number,
  tooLarge: string = MESSAGES.bodyTooLarge,
): Promise<{ ok: true; value: Buffer } | { ok: false; response: Response }> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) return { ok: false, response: apiError(413, tooLarge) };
  const value = await readAtMost(request.body, maxBytes);
  return value ? { ok: true, value } : { ok: false, response: apiError(413, tooLarge) };
}

/** Bytes that are not UTF-8 are refused, not turned into replacement characters. */
export function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

/**
 * 415 unless declared `application/json`, 413 past the cap, 400 for anything but an object.
 * `optional`: no body at all (curl's bodyless POST declares neither a type nor a length) reads as `{}`.
 */
export async function readJsonObject(
  request: Request,
  { optional = false }: { optional?: boolean } = {},
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> {
  const declaredJson = isJson(request.headers.get("content-type"));
  if (!declaredJson && !optional) return { ok: false, response: apiError(415, MESSAGES.notJson) };
  const body = await readBody(request, MAX_BODY_BYTES);
  if (!body.ok) return body;
  if (optional && body.value.length === 0) return { ok: true, value: {} };
  if (!declaredJson) return { ok: false, response: apiError(415, MESSAGES.notJson) };
  const parsed = parseJson(body.value);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    return { ok: false, response: apiError(400, MESSAGES.invalidJson) };
  return { ok: true, value: parsed as Record<string, unknown> };
}
