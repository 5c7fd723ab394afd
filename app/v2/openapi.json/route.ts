import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/server/config.mjs";

// The server is named from configuration (PUBLIC_URL), or relatively; never from the request,
// so that a shared cache cannot hand one client's Host header to every other client. The
// document depends on nothing else, so it is generated once per process.
let body: string | undefined;

export function GET() {
  body ??= JSON.stringify(openApiDocument(`${env().PUBLIC_URL ?? ""}/v2`));
  return new Response(body, {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
