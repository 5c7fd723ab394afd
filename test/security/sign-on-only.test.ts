import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  Object.assign(process.env, {
    OIDC_ISSUER: "http://127.0.0.1:9/idp",
    OIDC_CLIENT_ID: "token-console",
    OIDC_CLIENT_SECRET: "not-a-real-secret",
    OIDC_ONLY: "1",
    PUBLIC_URL: "http://127.0.0.1:3000",
  });
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { NextRequest } from "next/server";
import { forgotPasswordAction } from "@/app/(auth)/forgot-password/actions";
import { loginAction } from "@/app/(auth)/login/actions";
import { resetPasswordAction } from "@/app/(auth)/reset-password/actions";
import { signupAction } from "@/app/(auth)/signup/actions";
import { SSO_WORDS } from "@/app/(auth)/words";
import { GET, POST } from "@/app/api/auth/[...nextauth]/route";
import { ssoOptions } from "@/lib/auth/sso";
import { db } from "@/lib/server/db";
import { makeUser, TEST_PASSWORD } from "@/test/fixtures";
import { cookieJar, formData, fromClient, settle } from "@/test/next-request";

// OIDC_ONLY=1: passwords open nothing, on the server, whatever a client posts (the pages only
// hide the forms). And next-auth's endpoints answer only what single sign-on's flow uses.

const OFF = { returned: expect.objectContaining({ ok: false, message: SSO_WORDS.passwordsOff("single sign-on") }) };

describe("OIDC_ONLY=1", () => {
  it("refuses a password sign-in with the right password, a sign-up, a reset link and a reset", async () => {
    fromClient("192.0.2.41");
    const user = await makeUser();
    cookieJar.clear();
    expect(await settle(() => loginAction(null, formData({ email: user.email, password: TEST_PASSWORD })))).toEqual(OFF);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(cookieJar.all()).toEqual([]);
    const before = await db.user.count();
    expect(
      await settle(() =>
        signupAction(null, formData({ name: "Someone", email: "only-signup@example.test", password: "a-long-passphrase" })),
      ),
    ).toEqual(OFF);
    expect(await db.user.count()).toBe(before);
    expect(await settle(() => forgotPasswordAction(null, formData({ email: user.email })))).toEqual(OFF);
    expect(await db.passwordReset.count()).toBe(0);
    expect(
      await settle(() =>
        resetPasswordAction(
          null,
          formData({ token: "a".repeat(43), newPassword: "another-long-passphrase", confirmPassword: "another-long-passphrase" }),
        ),
      ),
    ).toEqual(OFF);
  });
});

const context = (...path: string[]) => ({ params: Promise.resolve({ nextauth: path }) });
const request = (path: string, init: ConstructorParameters<typeof NextRequest>[1] = {}) =>
  new NextRequest(`http://127.0.0.1:3000/api/auth/${path}`, init);

describe("next-auth's endpoints", () => {
  it("answer 404 for what single sign-on does not use: sessions are the console's own", async () => {
    for (const path of ["session", "signout", "callback/credentials", "signin/email", "callback/github", "verify-request", "_log"]) {
      const response = await GET(request(path), context(...path.split("/")));
      expect(response.status, path).toBe(404);
    }
    for (const path of ["signout", "callback/oidc", "signin/credentials", "session", "_log"]) {
      const response = await POST(
        request(path, { method: "POST", body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } }),
        context(...path.split("/")),
      );
      expect(response.status, path).toBe(404);
    }
  });

  it("take the email and whether it is verified from one source: userinfo's email is not vouched for by the ID token's", async () => {
    const { userinfo } = ssoOptions().providers[0] as unknown as {
      userinfo: { request: (context: { tokens: unknown; client: unknown }) => Promise<Record<string, unknown>> };
    };
    const read = (idToken: Record<string, unknown>, info: Record<string, unknown> | null) =>
      userinfo.request({
        tokens: { access_token: "at", claims: () => idToken },
        client: { userinfo: async () => info },
      });
    const verified = { sub: "s", email: "ada@example.test", email_verified: true };
    // Userinfo names another address, and says nothing of it being verified: unverified.
    expect(await read(verified, { sub: "s", email: "mallory@example.test" })).toMatchObject({
      email: "mallory@example.test",
      email_verified: undefined,
    });
    expect(await read(verified, { sub: "s", email: "mallory@example.test", email_verified: true })).toMatchObject({
      email: "mallory@example.test",
      email_verified: true,
    });
    // The same address, its verification in the ID token only: verified.
    expect(await read(verified, { sub: "s", email: "ada@example.test" })).toMatchObject(verified);
    // Userinfo sends no email: the ID token's, with its own verification.
    expect(await read(verified, { sub: "s", name: "Ada" })).toMatchObject({ ...verified, name: "Ada" });
    // Another subject's userinfo is not read at all.
    expect(await read(verified, { sub: "other", email: "x@example.test", email_verified: true })).toEqual(verified);
  });

  it("read any callbackUrl (next-auth's redirect callback: the query's, the form's, its cookie's) without throwing, as a path of ours", async () => {
    // next-auth's own callback throws on what is neither a path nor an absolute URL ("%"): a 500
    // at every endpoint of its, for a query parameter or a cookie anyone can send or plant.
    const redirect = ssoOptions().callbacks!.redirect!;
    const baseUrl = "http://127.0.0.1:3000";
    const odd = [
      "%",
      "%2F%2Fevil.com",
      "http://127.0.0.1:3000.evil.example/",
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/x",
      "javascript:alert(1)",
      "",
    ];
    for (const url of odd) expect(await redirect({ url, baseUrl }), url).toBe(`${baseUrl}/api-tokens`);
    expect(await redirect({ url: "/teams?tab=members#top", baseUrl })).toBe(`${baseUrl}/teams?tab=members#top`);
    expect(await redirect({ url: `${baseUrl}/account?x=1`, baseUrl })).toBe(`${baseUrl}/account?x=1`);
  });

  it("take the sign-in form only as a small urlencoded form: JSON (next-auth would 500 on a broken one) is 415, a large body 413", async () => {
    const start = (body: string, type: string) =>
      POST(request("signin/oidc", { method: "POST", body, headers: { "content-type": type } }), context("signin", "oidc"));
    expect((await start("{not json", "application/json")).status).toBe(415);
    expect((await start("a=b", "text/plain")).status).toBe(415);
    const large = await start(`csrfToken=${"a".repeat(9000)}`, "application/x-www-form-urlencoded");
    expect(large.status).toBe(413);
    expect(await large.text()).toBe("The request body is too large.");
  });
});
