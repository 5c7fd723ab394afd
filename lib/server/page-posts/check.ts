import "server-only";
import busboy from "next/dist/compiled/busboy";
import { formReplyProblem, jsonDepth, MAX_DEPTH, textReplyProblem } from "@/lib/server/page-posts/reply-references";

// Next.js answers 500 to a server action body it cannot decode (invalid JSON, deep nesting,
// broken multipart, a reply reference to nothing) or over its 1 MB limit. proxy.ts runs this
// first so that each is a clear 4xx and the action never runs.

export const MAX_ACTION_BODY_BYTES = 1024 * 1024;

const ACCEPTED = /^(text\/plain|multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i;

const refuse = (status: number, message: string) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

// Next.js's own busboy with its options, so that this check and React see the same fields
// (undici and busboy disagree on repeated or odd part headers).
function busboyForm(bytes: Uint8Array, contentType: string): Promise<FormData | null> {
  return new Promise((resolve) => {
    let parser: ReturnType<typeof busboy>;
    try {
      parser = busboy({ defParamCharset: "utf8", headers: { "content-type": contentType }, limits: { fieldSize: MAX_ACTION_BODY_BYTES } });
    } catch {
      return resolve(null);
    }
    const form = new FormData();
    let usable = true;
    parser.on("field", (name: string, value: string, info: { nameTruncated: boolean; valueTruncated: boolean }) => {
      if (info.nameTruncated || info.valueTruncated) usable = false;
      else form.append(name, value);
    });
    parser.on("file", (_name: string, stream: NodeJS.ReadableStream) => {
      usable = false;
      stream.resume();
    });
    parser.on("error", () => resolve(null));
    parser.on("close", () => resolve(usable ? form : null));
    parser.end(Buffer.from(bytes));
  });
}

function textProblem(bytes: Uint8Array): string | null {
  let text: string;
  try {
    // The byte-order mark kept, as Next.js keeps it (Buffer#toString): "\uFEFF[]" is not JSON to React either.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return "The request body is not UTF-8 text.";
  }
  if (jsonDepth(text) > MAX_DEPTH) return "The request body nests too deeply.";
  return textReplyProblem(text);
}

export async function checkPagePost(request: Request): Promise<Response | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_ACTION_BODY_BYTES) return refuse(413, "The request body is too large (at most 1 MB).");
  const contentType = request.headers.get("content-type") ?? "";
  if (!ACCEPTED.test(contentType.trim())) return refuse(415, "This content type is not accepted here.");
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_ACTION_BODY_BYTES) return refuse(413, "The request body is too large (at most 1 MB).");

  // Classified as Next.js does (server-action-request-meta.js): multipart only when the type starts
  // "multipart/form-data" as written; any other Next-Action body is read as text, whatever its type.
  const fetchAction = request.headers.has("next-action");
  let problem: string | null = null;
  if (contentType.startsWith("multipart/form-data")) {
    const parsed = fetchAction
      ? await busboyForm(bytes, contentType)
      : await new Response(bytes, { headers: { "Content-Type": contentType } }).formData().catch(() => null);
    if (!parsed) return refuse(400, "The form data could not be read.");
    problem = formReplyProblem(parsed, fetchAction);
  } else if (fetchAction) {
    problem = textProblem(bytes);
  }
  return problem ? refuse(400, problem) : null;
}
