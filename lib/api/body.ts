import "server-only";
import { apiError, MESSAGES } from "@/lib/api/responses";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's JSON object, read with a size cap (a declared Content-Length over the cap is
 * refused before reading; an undeclared one is cut off as soon as it passes it), or the error
 * response to send instead.
 */
export async function readJsonObject(
  request: Request,
): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; response: Response }> {
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
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return { ok: false, response: apiError(400, MESSAGES.invalidJson) };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { ok: false, response: apiError(400, MESSAGES.invalidJson) };
  }
  return { ok: true, value: parsed as Record<string, unknown> };
}
