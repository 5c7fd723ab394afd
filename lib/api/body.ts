import "server-only";
import { apiError, MESSAGES } from "@/lib/api/responses";

export const MAX_BODY_BYTES = 64 * 1024;

const isJson = (contentType: string | null) => /^application\/json\s*(;|$)/i.test(contentType?.trim() ?? "");

/**
 * The request's JSON object, or the error response to send instead: 415 unless the body is
 * declared `application/json`; 413 past the size cap (a declared Content-Length over it is
 * refused before reading; an undeclared one is cut off as soon as it passes it); 400 for a
 * body that is not a JSON object.
 */
export async function readJsonObject(
  request: Request,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> {
  if (!isJson(request.headers.get("content-type"))) return { ok: false, response: apiError(415, MESSAGES.notJson) };
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return { ok: false, response: apiError(413, MESSAGES.bodyTooLarge) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) {
        await reader.cancel();
        return { ok: false, response: apiError(413, MESSAGES.bodyTooLarge) };
      }
      chunks.push(value);
    }
  }
  let parsed: unknown;
  try {
    // fatal: bytes that are not UTF-8 are refused, not turned into replacement characters.
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)));
  } catch {
    return { ok: false, response: apiError(400, MESSAGES.invalidJson) };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    return { ok: false, response: apiError(400, MESSAGES.invalidJson) };
  return { ok: true, value: parsed as Record<string, unknown> };
}
