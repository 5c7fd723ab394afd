import { openApiDocument } from "@/lib/api/openapi";
import { requestOrigin } from "@/lib/server/request-context";

export function GET(request: Request) {
  return Response.json(openApiDocument(`${requestOrigin(request.headers)}/v2`), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
