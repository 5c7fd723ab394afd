import { noSuchEndpoint } from "@/lib/api/responses";

// Anything under /v2 that is not an endpoint answers in the API's dialect, not with an HTML page.
export { noSuchEndpoint as GET, noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE };
