// A stream read whole unless it passes a cap: the API's request bodies (lib/api/body.ts) and the
// command line's answers (cli/http.ts). Not server-only, imported relatively by the command line.

/** The stream's bytes, or null once they pass `maxBytes` (the rest is cancelled, never buffered). */
export async function readAtMost(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Buffer | null> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
