import { publicApiRoute } from "@/lib/api/handler";
import { introspect } from "@/lib/api/introspection";

// RFC 7662 introspection (lib/api/introspection.ts); its caller authenticates with a token holding tokens:introspect.
export const POST = publicApiRoute(introspect);

// The other methods on this path are no endpoint: the catch-all's answer, not Next.js's bare 405.
export { noSuchEndpoint as GET, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE } from "@/lib/api/responses";
