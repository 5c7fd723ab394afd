import { apiError, MESSAGES } from "@/lib/api/responses";

// Anything under /v2 that is not an endpoint answers in the API's dialect, not with an HTML page.
function notFound() {
  return apiError(404, MESSAGES.noSuchEndpoint);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
