import { publicApiRoute } from "@/lib/api/handler";
import { forwardAuth } from "@/lib/api/forward-auth";

// Forward auth for the reverse proxies in front of the platform's services (lib/api/forward-auth.ts):
// any method, since a proxy may ask with the original request's.
const handler = publicApiRoute(forwardAuth);
export { handler as GET, handler as HEAD, handler as POST, handler as PUT, handler as PATCH, handler as DELETE, handler as OPTIONS };
