import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/server/config.mjs";

// The server is named from configuration (PUBLIC_URL), or relatively; never from the request,
// so that a shared cache cannot hand one client's Host header to every other client.
export function GET() {
  return Response.json(openApiDocument(`${env().PUBLIC_URL ?? ""}/v2`), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
