import { NextResponse, type NextRequest } from "next/server";
import { checkPagePost } from "@/lib/server/page-posts/check";

/**
 * A Content-Security-Policy with a fresh nonce per request: Next.js puts the nonce on its own
 * inline scripts, and nothing else may run. Styles allow inline attributes because the dialog
 * library (Radix) positions elements with them.
 */
export async function proxy(request: NextRequest) {
  // A POST to a page is a server action: its body is checked before Next.js decodes it.
  if (request.method === "POST") {
    // Whatever the check meets, a body it cannot judge is the client's fault: 400, never a 500.
    const refused = await checkPagePost(request).catch(
      () => new Response("The request body could not be read.", { status: 400, headers: { "Cache-Control": "no-store" } }),
    );
    if (refused) return refused;
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = [
    "default-src 'self'",
    // React's development build reconstructs call stacks with eval(); production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  // Lets a page that needs a session send the visitor to /login and back to where they were.
  requestHeaders.set("x-return-to", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

// API routes (/api/auth, /v2) serve JSON: no CSP nonce to make, and no proxy work on their hot path.
// Prefetches are not skipped (as Next.js's CSP example does): a matcher's `missing` clause is
// the client's to choose, and with it a prefetch header skipped the POST guard and the CSP.
export const config = {
  matcher: ["/((?!api/|v2/|_next/static|_next/image|favicon.ico|.*\\.png$|.*\\.svg$).*)"],
};
