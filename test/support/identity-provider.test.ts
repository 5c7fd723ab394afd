// The tests' identity provider (e2e/support/identity-provider.ts), signed in to as the console
// will: openid-client discovers it, builds an authorization URL with state, nonce and a PKCE
// challenge, and takes the code back. The provider's pages are followed over plain HTTP here,
// with this file's own cookie jar, as a browser would.
import { Issuer, generators, type BaseClient } from "openid-client";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { IDP_SCOPES, startIdentityProvider, type IdentityProvider } from "@/e2e/support/identity-provider";

const PORT = 3307;
const REDIRECT_URI = "http://127.0.0.1:3308/api/auth/callback/oidc";

/** A browser's cookie jar, for one host: cookies by name and path, sent where their path matches. */
class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();
  take(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? "/";
      const expired = attributes.some((a) => /^expires=.*1970/i.test(a)) || value === "";
      if (expired) this.cookies.delete(`${name} ${path}`);
      else this.cookies.set(`${name} ${path}`, { name, value, path });
    }
  }
  header(url: URL) {
    return [...this.cookies.values()]
      .filter(({ path }) => url.pathname === path || url.pathname.startsWith(path.endsWith("/") ? path : `${path}/`))
      .sort((a, b) => b.path.length - a.path.length)
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
  }
}

/**
 * From the authorization URL to the redirect back to the client: the login page, its form
 * posted with any password, every redirect after it followed. Returns the redirect's URL.
 */
async function signInOverHttp(authorizationUrl: string, login: string, jar = new CookieJar()): Promise<URL> {
  let url = new URL(authorizationUrl);
  let posted = false;
  for (let hop = 0; hop < 20; hop++) {
    if (url.href.startsWith(REDIRECT_URI)) return url;
    const response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header(url) } });
    jar.take(response);
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get("location") ?? "", url);
      continue;
    }
    const page = await response.text();
    expect(response.status, page).toBe(200);
    const form = /<form[^>]*method="post"[^>]*action="([^"]+)"|<form[^>]*action="([^"]+)"[^>]*method="post"/.exec(page);
    expect(form, page).not.toBeNull();
    const action = (form![1] ?? form![2] ?? "").replaceAll("&amp;", "&");
    const fields = new URLSearchParams();
    for (const [, name = "", value = ""] of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) {
      fields.set(name, value);
    }
    const prompt = fields.get("prompt");
    expect(prompt, "no consent page: the one client is granted what it asks").not.toBe("consent");
    if (prompt === "login") {
      // The development login form: any login, any password.
      expect(posted, "the login form is shown once").toBe(false);
      posted = true;
      fields.set("login", login);
      fields.set("password", "any password");
    }
    // Otherwise the page a browser submits by itself: ending another account's session at the
    // provider before this login is taken.
    const target = new URL(action, url);
    const submitted = await fetch(target, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: jar.header(target), "content-type": "application/x-www-form-urlencoded" },
      body: fields,
    });
    jar.take(submitted);
    expect([302, 303]).toContain(submitted.status);
    url = new URL(submitted.headers.get("location") ?? "", url);
  }
  throw new Error("too many redirects");
}

function authorization(client: BaseClient) {
  const state = generators.state();
  const nonce = generators.nonce();
  const codeVerifier = generators.codeVerifier();
  const url = client.authorizationUrl({
    scope: IDP_SCOPES,
    state,
    nonce,
    code_challenge: generators.codeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  return { url, state, nonce, codeVerifier };
}

async function signIn(client: BaseClient, login: string, jar?: CookieJar) {
  const request = authorization(client);
  const back = await signInOverHttp(request.url, login, jar);
  const params = client.callbackParams(back.href);
  const tokens = await client.callback(REDIRECT_URI, params, {
    code_verifier: request.codeVerifier,
    state: request.state,
    nonce: request.nonce,
  });
  const userinfo = await client.userinfo(tokens.access_token!);
  return { claims: tokens.claims(), userinfo };
}

describe("the tests' identity provider", () => {
  let idp: IdentityProvider;
  let client: BaseClient;
  const printed = [vi.spyOn(console, "log"), vi.spyOn(console, "info"), vi.spyOn(console, "warn"), vi.spyOn(console, "error")];

  beforeAll(async () => {
    idp = await startIdentityProvider({ port: PORT, redirectUris: [REDIRECT_URI] });
    const issuer = await Issuer.discover(idp.issuer);
    client = new issuer.Client({
      client_id: idp.clientId,
      client_secret: idp.clientSecret,
      redirect_uris: [REDIRECT_URI],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    });
  });
  afterAll(() => idp.stop());
  afterEach(() => {
    for (const spy of printed) expect(spy.mock.calls, "the provider prints nothing").toEqual([]);
  });

  it("says what it is at its discovery document", async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    const discovery = await response.json();
    expect(discovery.issuer).toBe(`http://127.0.0.1:${PORT}`);
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(IDP_SCOPES.split(" ")));
    expect(discovery.claims_supported).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "name", "groups"]));
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
    expect(discovery.id_token_signing_alg_values_supported).toContain("RS256");
  });

  it("signs in with the authorization code flow and PKCE; the ID token and userinfo carry the account's claims", async () => {
    idp.setAccount("ada", { email: "ada@example.test", email_verified: true, name: "Ada Lovelace", groups: ["console-admins", "staff"] });
    const { claims, userinfo } = await signIn(client, "ada");
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: idp.clientId,
      sub: "ada",
      email: "ada@example.test",
      email_verified: true,
      name: "Ada Lovelace",
      groups: ["console-admins", "staff"],
    });
    expect(userinfo).toEqual({
      sub: "ada",
      email: "ada@example.test",
      email_verified: true,
      name: "Ada Lovelace",
      groups: ["console-admins", "staff"],
    });
  });

  it("reads the account again at the next sign-in, with the login asked again in the same browser", async () => {
    const jar = new CookieJar();
    idp.setAccount("grace", { email: "grace@example.test", email_verified: false, groups: ["staff"] });
    expect((await signIn(client, "grace", jar)).claims.groups).toEqual(["staff"]);
    idp.setAccount("grace", { email: "grace@example.test", email_verified: false, name: "Grace", groups: ["auditors"] });
    const second = await signIn(client, "grace", jar);
    expect(second.claims).toMatchObject({ sub: "grace", email_verified: false, name: "Grace", groups: ["auditors"] });
    expect(second.userinfo.groups).toEqual(["auditors"]);
    // Someone else, in the same browser: the session there does not sign them in as grace.
    expect((await signIn(client, "linus", jar)).claims.sub).toBe("linus");
  });

  it("gives an unknown login a verified example address and no name or groups", async () => {
    const { claims, userinfo } = await signIn(client, "someone");
    expect(claims).toMatchObject({ sub: "someone", email: "someone@example.test", email_verified: true });
    expect(claims).not.toHaveProperty("groups");
    expect(userinfo).toEqual({ sub: "someone", email: "someone@example.test", email_verified: true });
  });

  it("is refused by openid-client when the state does not match", async () => {
    const request = authorization(client);
    const back = await signInOverHttp(request.url, "ada");
    await expect(
      client.callback(REDIRECT_URI, client.callbackParams(back.href), {
        code_verifier: request.codeVerifier,
        state: generators.state(),
        nonce: request.nonce,
      }),
    ).rejects.toThrow(/state mismatch/);
  });

  it("refuses a code without its PKCE verifier, and an authorization request without a challenge", async () => {
    const request = authorization(client);
    const back = await signInOverHttp(request.url, "ada");
    await expect(
      client.callback(REDIRECT_URI, client.callbackParams(back.href), {
        code_verifier: generators.codeVerifier(),
        state: request.state,
        nonce: request.nonce,
      }),
    ).rejects.toThrow(/invalid_grant/);
    const withoutChallenge = client.authorizationUrl({ scope: IDP_SCOPES, state: generators.state(), nonce: generators.nonce() });
    const response = await fetch(withoutChallenge, { redirect: "manual" });
    expect(new URL(response.headers.get("location") ?? "").searchParams.get("error")).toBe("invalid_request");
  });

  it("refuses a redirect URI it was not given", async () => {
    const url = new URL(authorization(client).url);
    url.searchParams.set("redirect_uri", "http://127.0.0.1:3309/api/auth/callback/oidc");
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("invalid_redirect_uri");
  });
});

describe("client_secret_post, and stop()", () => {
  it("authenticates the client in the token request's body when started so, and stops with a connection open", async () => {
    const idp = await startIdentityProvider({
      port: PORT + 3,
      redirectUris: [REDIRECT_URI],
      tokenEndpointAuthMethod: "client_secret_post",
    });
    try {
      const issuer = await Issuer.discover(idp.issuer);
      const client = new issuer.Client({
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
        redirect_uris: [REDIRECT_URI],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      });
      expect((await signIn(client, "ada")).claims.email).toBe("ada@example.test");
    } finally {
      const started = Date.now();
      await idp.stop();
      expect(Date.now() - started).toBeLessThan(1000);
    }
    await expect(fetch(`${idp.issuer}/.well-known/openid-configuration`)).rejects.toThrow();
  });
});
