import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { readBody } from "@/lib/api/body";
import { cookies } from "next/headers";
import { SSO_PROVIDER_ID, ssoEnabled, ssoOptions, ssoReturnCookie, ssoReturnUrl } from "@/lib/auth/sso";

// next-auth's endpoints, for single sign-on only (lib/auth/sso.ts), and only those its flow
// uses: the client's CSRF token and provider list, the sign-in that sends the browser to the
// provider, the callback it comes back to, and the error redirect. Everything else next-auth
// could answer (its session, sign-out, credentials, email sign-in) is a 404: sessions are ours.
const ALLOWED: Record<string, RegExp> = {
  GET: new RegExp(`^(?:csrf|providers|signin|error|callback/${SSO_PROVIDER_ID})$`),
  POST: new RegExp(`^signin/${SSO_PROVIDER_ID}$`),
};

type Context = { params: Promise<{ nextauth: string[] }> };

// The sign-in form holds a CSRF token, a provider and a return path: a few hundred bytes.
const MAX_BODY_BYTES = 8 * 1024;
const FORM = "application/x-www-form-urlencoded";

const refuse = (status: number, message: string) =>
  new Response(message, { status, headers: { "Cache-Control": "no-store", "Content-Type": "text/plain; charset=utf-8" } });

async function handle(request: NextRequest, context: Context): Promise<Response> {
  const { nextauth } = await context.params;
  if (!ssoEnabled() || !ALLOWED[request.method]?.test(nextauth.join("/"))) return refuse(404, "Not found.");
  // next-auth answers 500 ("a problem with the server configuration") to a callbackUrl in the
  // query or its cookie that is not a URL ("%"): anyone can send the one, or plant the other to
  // break a browser's every sign-in. Each is made a page of ours first, as its redirect callback
  // makes the form's (a cookie set here is the one next-auth reads, and the browser keeps).
  const url = new URL(request.url);
  const returnTo = url.searchParams.get("callbackUrl");
  if (returnTo !== null) url.searchParams.set("callbackUrl", ssoReturnUrl(returnTo));
  const jar = await cookies();
  const planted = jar.get(ssoReturnCookie())?.value;
  if (planted !== undefined && planted !== ssoReturnUrl(planted))
    jar.set(ssoReturnCookie(), ssoReturnUrl(planted), {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: ssoReturnCookie().startsWith("__Secure-"),
    });
  let forwarded = returnTo === null ? request : new NextRequest(url, { method: request.method, headers: request.headers });
  if (request.method === "POST") {
    // next-auth would read any JSON body (a 500 when it is not JSON) and any size of body.
    if (request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() !== FORM)
      return refuse(415, `Send the sign-in form as ${FORM}.`);
    // The API's bounded reader: a declared length over the cap is refused unread, an undeclared one cut off.
    const body = await readBody(request, MAX_BODY_BYTES);
    if (!body.ok) return refuse(413, "The request body is too large.");
    const text = body.value.toString("utf8");
    const headers = new Headers(request.headers);
    headers.delete("content-length");
    forwarded = new NextRequest(url, { method: "POST", headers, body: text });
  }
  const response: Response = await NextAuth(forwarded as never, context as never, ssoOptions());
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export { handle as GET, handle as POST };
