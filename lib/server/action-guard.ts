import "server-only";
import { formReplyProblem, textReplyProblem } from "@/lib/server/action-reply";

// Server actions are posted to page URLs, and Next.js answers 500 to a body it cannot decode
// (invalid JSON, a bare number, nesting thousands deep, broken multipart, a reply reference to
// nothing) and to one over its 1 MB limit. proxy.ts runs this check on every such POST first,
// once, so that each of those is a clear 4xx and the action never runs.

export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;

const ACCEPTED = /^(text\/plain|multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i;

/** How deeply arrays and objects nest in a JSON text, strings skipped. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") deepest = Math.max(deepest, ++depth);
    else if (c === "]" || c === "}") depth--;
  }
  return deepest;
}

const refuse = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

/** A response refusing a POST to a page, or null when its body is one Next.js can decode. */
export async function checkPagePost(request: Request): Promise<Response | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_ACTION_BODY_BYTES) return refuse(413, "The request body is too large (at most 1 MB).");
  const contentType = request.headers.get("content-type") ?? "";
  if (!ACCEPTED.test(contentType.trim())) return refuse(415, "This content type is not accepted here.");
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_ACTION_BODY_BYTES) return refuse(413, "The request body is too large (at most 1 MB).");

  if (/^multipart\/form-data/i.test(contentType)) {
    const parsed = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData().catch(() => null);
    if (!parsed) return refuse(400, "The form data could not be read.");
    const problem = formReplyProblem(parsed, request.headers.has("next-action"));
    return problem ? refuse(400, problem) : null;
  }
  if (/^text\/plain/i.test(contentType)) {
    // An action's arguments, as React encodes them: a JSON array.
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return refuse(400, "The request body is not UTF-8 text.");
    }
    if (jsonDepth(text) > MAX_DEPTH) return refuse(400, "The request body nests too deeply.");
    const problem = textReplyProblem(text);
    if (problem) return refuse(400, problem);
  }
  return null;
}
