import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
// openid-client is next-auth's (its types already name it): at run time, the tokens are its TokenSet.
import type { TokenSet } from "openid-client";
import { cookies, headers } from "next/headers";
import { signOn, type SignOnRefusal } from "@/lib/dal/sign-on";
import { startSession } from "@/lib/dal/sessions";
import { setSessionCookie } from "@/lib/auth/sign-in";
import { safeReturnTo } from "@/lib/auth/session";
import { env } from "@/lib/server/config.mjs";
import { secrets } from "@/lib/server/secrets.mjs";
import { log } from "@/lib/server/log";
import { requestMeta } from "@/lib/server/request-context";
import { providerIdentity } from "@/lib/validation/sign-on";

// Single sign-on through next-auth's OAuth provider, set up for OpenID Connect: discovery, the
// authorization code flow with PKCE, `state` and `nonce` (each kept in an encrypted cookie of
// next-auth's and checked at the callback), the ID token's signature, issuer, audience and
// expiry checked by openid-client. next-auth makes no session of its own: once the provider
// has vouched for the person, the signIn callback starts ours (a Session row and its cookie, as
// a password sign-in does) and answers with where to go, which ends next-auth's part.

export const SSO_PROVIDER_ID = "oidc";

/** Whether single sign-on is set up (OIDC_ISSUER with its client id and secret: checked together at start). */
export const ssoEnabled = () => env().OIDC_ISSUER !== undefined;
/** OIDC_ONLY: no password sign-in, sign-up or reset, on the server as on the page. */
export const passwordsOff = () => ssoEnabled() && env().OIDC_ONLY;
export const ssoName = () => env().OIDC_NAME;

/** Where a refused sign-in lands: the login page, which says why. */
export const ssoRefusedPath = (reason: SignOnRefusal) => `/login?sso=${reason}`;

type Claims = Record<string, unknown> & { sub: string };

function provider(): OAuthConfig<Claims> {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_NAME, OIDC_SCOPES } = env();
  return {
    id: SSO_PROVIDER_ID,
    name: OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer!.replace(/\/+$/, "")}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    authorization: { params: { scope: OIDC_SCOPES } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // The ID token's claims (checked) and the userinfo endpoint's together: many providers put
    // email, email_verified or groups only in userinfo. Userinfo must describe the same subject.
    userinfo: {
      async request({ tokens, client }) {
        // Checked by openid-client before this runs: signature, issuer, audience, expiry, nonce.
        const claims = (tokens as unknown as TokenSet).claims();
        const info = tokens.access_token ? await client.userinfo(tokens.access_token).catch(() => null) : null;
        if (!info || info.sub !== claims.sub) return { ...claims };
        const fromUserinfo = ["name", ...(env().OIDC_TEAM_CLAIM ? [env().OIDC_TEAM_CLAIM!] : [])];
        return { ...info, ...claims, ...emailOf(claims, info), ...pick(info, fromUserinfo) };
      },
    },
    profile: (profile) => ({ id: profile.sub, email: typeof profile.email === "string" ? profile.email : null }),
  };
}

const pick = (source: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
/**
 * Userinfo's email, when it sends one, with userinfo's word on whether it is verified: the ID
 * token's email_verified speaks of the ID token's address only (the same address: either says so).
 */
const emailOf = (claims: Record<string, unknown>, info: Record<string, unknown>): Record<string, unknown> => {
  if (info.email === undefined) return {};
  const same = info.email === claims.email;
  return { email: info.email, email_verified: info.email_verified ?? (same ? claims.email_verified : undefined) };
};

/** A URL's path and query when it is a path, or an absolute URL of `origin`'s; else undefined. */
function ownPath(value: string, origin: string): string | undefined {
  if (value.startsWith("/")) return value;
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : undefined;
}

/** Any callbackUrl, as next-auth takes it (an absolute URL): a page of ours, the default one when it names none. */
export function ssoReturnUrl(value: string): string {
  const origin = new URL(env().PUBLIC_URL!).origin;
  return `${origin}${safeReturnTo(ownPath(value, origin))}`;
}

/** next-auth's callback-url cookie, as it names it. */
export const ssoReturnCookie = () => `${env().PUBLIC_URL!.startsWith("https:") ? "__Secure-" : ""}next-auth.callback-url`;

/** The page a sign-in started from (next-auth's callback-url cookie, an absolute URL of ours). */
async function returnPath(): Promise<string> {
  const value = (await cookies()).get(ssoReturnCookie())?.value;
  return safeReturnTo(value === undefined ? undefined : ownPath(value, env().PUBLIC_URL!));
}

/**
 * Why next-auth gave up, for the operator: the error's message ("connect ECONNREFUSED …",
 * "invalid_client (…)"). next-auth passes most errors wrapped as `{ error, providerId }`, whose
 * message is the inner error's. openid-client's mismatch messages quote the values compared
 * ("state mismatch, expected …, got: …"): those values are cut off.
 */
function failureReason(metadata: unknown): string {
  const inner = (metadata as { error?: unknown } | null)?.error;
  const source = metadata instanceof Error ? metadata : inner instanceof Error ? inner : metadata;
  const message = String((source as { message?: unknown } | null)?.message ?? "");
  return message.replace(/,? expected [\s\S]*$/, "").slice(0, 300);
}

export function ssoOptions(): NextAuthOptions {
  const secure = env().PUBLIC_URL!.startsWith("https:");
  // next-auth reads the console's address from NEXTAUTH_URL alone (else from a Host header,
  // which anyone can send): PUBLIC_URL, which single sign-on requires, is that address.
  process.env.NEXTAUTH_URL = `${env().PUBLIC_URL}/api/auth`;
  return {
    secret: secrets().authSecret,
    providers: [provider()],
    session: { strategy: "jwt" },
    useSecureCookies: secure,
    // next-auth's own pages are never shown: its sign-in page is ours, and an error lands there too.
    pages: { signIn: "/login", error: "/login" },
    // What next-auth reports goes to our log by its code: never the tokens or the claims.
    logger: {
      error: (code, metadata) => log.warn("sso.failed", { code, reason: failureReason(metadata) }),
      warn: (code) => log.warn("sso.warning", { code }),
      debug: () => {},
    },
    callbacks: {
      // Where the sign-in returns to (its callbackUrl, from the query, the form or next-auth's
      // cookie, kept in that cookie): a path of ours, always. next-auth's own callback throws on
      // what is neither a path nor an absolute URL ("%"), a 500 for a parameter anyone can send.
      redirect: ({ url }) => ssoReturnUrl(url),
      async signIn({ profile }) {
        const meta = requestMeta(await headers());
        const identity = profile ? providerIdentity(env().OIDC_ISSUER!, profile as Record<string, unknown>, env().OIDC_TEAM_CLAIM) : null;
        if (!identity) {
          log.warn("sso.failed", { code: "NO_SUBJECT" });
          return "/login?error=Callback";
        }
        const result = await signOn(identity, env().OIDC_TEAM_CLAIM, meta);
        if (!result.ok) return ssoRefusedPath(result.reason);
        await setSessionCookie(await startSession(result.user, meta));
        return returnPath();
      },
    },
  };
}
