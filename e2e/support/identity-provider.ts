// A real OpenID Connect identity provider (oidc-provider 8.8.1) for the sign-on tests, run in the
// calling process on 127.0.0.1: one confidential client, the authorization code flow with PKCE,
// and oidc-provider's own development login form (any login, any password), whose login is the
// subject. What an account says (email, name, groups) is set by the test, and read at each
// sign-in, so that a test can change someone's groups between two sign-ins.
//
// Every authorization request asks for the login again, even with a session at the provider: a
// test that signs in twice, or as someone else, in one browser always meets the form, and
// signInAtProvider never has to guess which page it is on. Consent is never asked: the one
// client is granted the scopes it asks for (loadExistingGrant). When another login is typed
// than the one the provider's session has, oidc-provider first ends that session through a page
// that submits itself (script): a browser goes through it unseen, signInOverHttp in the test
// posts it. Cookies (at the issuer's host): _session (path /), _interaction (/interaction/<uid>)
// and _interaction_resume (/auth/<uid>), each with its .sig, SameSite=Lax, not Secure.
import crypto from "node:crypto";
import http from "node:http";
import type { Socket } from "node:net";

import type { Page } from "@playwright/test";
import Provider, { interactionPolicy } from "oidc-provider";

export type IdpAccount = { email: string; email_verified: boolean; name?: string; groups?: string[] };

export type IdentityProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Sets (or replaces) what the account with this login (the subject) says at its next sign-in. */
  setAccount(login: string, account: IdpAccount): void;
  stop(): Promise<void>;
};

export type StartOptions = {
  port: number;
  redirectUris: string[];
  /** How the client authenticates at the token endpoint; oidc-provider accepts only the one registered. */
  tokenEndpointAuthMethod?: "client_secret_basic" | "client_secret_post";
};

/** The scopes the provider knows, and the claims each one releases (in the ID token and at userinfo). */
export const IDP_SCOPES = "openid email profile groups";

const CLAIMS = {
  openid: ["sub"],
  email: ["email", "email_verified"],
  profile: ["name"],
  groups: ["groups"],
};

const GRANTABLE = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

type Stored = Record<string, unknown> & { grantId?: string; uid?: string; userCode?: string; consumed?: number };

/** oidc-provider's storage, kept per provider (its own in-memory adapter is one store per process, and warns). */
function memoryAdapter() {
  const store = new Map<string, { payload: Stored; expiresAt: number }>();
  const index = new Map<string, string>(); // "sessionUid:…", "userCode:…" → key
  const byGrant = new Map<string, Set<string>>();
  const read = (key: string | undefined) => {
    if (key === undefined) return undefined;
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };
  return class MemoryAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Stored, expiresIn: number) {
      const key = this.key(id);
      store.set(key, { payload, expiresAt: Date.now() + expiresIn * 1000 });
      if (this.model === "Session" && payload.uid) index.set(`sessionUid:${payload.uid}`, key);
      if (payload.userCode) index.set(`userCode:${payload.userCode}`, key);
      // What a grant's revocation takes with it (not the interaction or session naming the grant).
      if (payload.grantId && GRANTABLE.has(this.model)) {
        const keys = byGrant.get(payload.grantId) ?? new Set<string>();
        keys.add(key);
        byGrant.set(payload.grantId, keys);
      }
    }
    async find(id: string) {
      return read(this.key(id));
    }
    async findByUid(uid: string) {
      return read(index.get(`sessionUid:${uid}`));
    }
    async findByUserCode(userCode: string) {
      return read(index.get(`userCode:${userCode}`));
    }
    async consume(id: string) {
      const payload = read(this.key(id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const key of byGrant.get(grantId) ?? []) store.delete(key);
      byGrant.delete(grantId);
    }
  };
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Builds the provider with console.warn held back for oidc-provider's one notice that the
 * development interactions are on (printed while it is constructed): they are on on purpose
 * here. Any other warning still goes through.
 */
function quietly<T>(build: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes("devInteractions is enabled")) return;
    warn(...args);
  };
  try {
    return build();
  } finally {
    console.warn = warn;
  }
}

export async function startIdentityProvider(options: StartOptions): Promise<IdentityProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = "token-console";
  const clientSecret = crypto.randomBytes(32).toString("base64url");
  const accounts = new Map<string, IdpAccount>();

  const { privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: "jwk" }), kid: crypto.randomUUID(), alg: "RS256", use: "sig" };

  // The login prompt is asked for at every authorization request, until this request's login
  // has been submitted (see the file's head).
  const policy = interactionPolicy.base();
  policy
    .get("login")
    ?.checks.add(
      new interactionPolicy.Check("fresh_login", "every sign-in types its login", (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const provider = quietly(
    () =>
      new Provider(issuer, {
        adapter: memoryAdapter(),
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: options.redirectUris,
            response_types: ["code"],
            grant_types: ["authorization_code"],
            token_endpoint_auth_method: options.tokenEndpointAuthMethod ?? "client_secret_basic",
            id_token_signed_response_alg: "RS256",
          },
        ],
        claims: CLAIMS,
        scopes: ["openid"],
        // The ID token carries the claims of the scopes too, not only userinfo.
        conformIdTokenClaims: false,
        cookies: {
          keys: [crypto.randomBytes(32).toString("base64url")],
          // The defaults' SameSite=None cookies need Secure, which a plain http issuer cannot
          // set, and Chromium drops them; Lax is what a top-level sign-in needs.
          long: { httpOnly: true, sameSite: "lax", signed: true },
          short: { httpOnly: true, sameSite: "lax", signed: true },
        },
        features: {
          devInteractions: { enabled: true },
          rpInitiatedLogout: {
            enabled: true,
            logoutSource: async (ctx: { body: unknown }, form: string) => {
              ctx.body = `<!DOCTYPE html><title>Sign out</title>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>`;
            },
            postLogoutSuccessSource: async (ctx: { body: unknown }) => {
              ctx.body = "<!DOCTYPE html><title>Signed out</title><p>Signed out.</p>";
            },
          },
        },
        findAccount: async (_ctx, sub) => {
          const account = accounts.get(sub) ?? { email: `${sub}@example.test`, email_verified: true };
          return {
            accountId: sub,
            claims: () => ({
              sub,
              email: account.email,
              email_verified: account.email_verified,
              ...(account.name === undefined ? {} : { name: account.name }),
              ...(account.groups === undefined ? {} : { groups: account.groups }),
            }),
          };
        },
        interactions: { policy },
        jwks: { keys: [signingKey] },
        // No consent page: our one client is granted the scopes it asks for.
        loadExistingGrant: async (ctx) => {
          const { client, session, result, provider: self } = ctx.oidc;
          if (!client || !session?.accountId) return undefined;
          const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
          const existing = grantId ? await self.Grant.find(grantId) : undefined;
          if (existing) return existing;
          const grant = new self.Grant({ accountId: session.accountId, clientId: client.clientId });
          grant.addOIDCScope(IDP_SCOPES);
          await grant.save();
          return grant;
        },
        pkce: { methods: ["S256"], required: () => true },
        renderError: (ctx, out) => {
          ctx.type = "html";
          ctx.body = `<!DOCTYPE html><title>Sign-in error</title><h1>${escapeHtml(out.error ?? "error")}</h1><p>${escapeHtml(out.error_description ?? "")}</p>`;
        },
        responseTypes: ["code"],
        ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
      }),
  );

  const sockets = new Set<Socket>();
  const server = http.createServer(provider.callback());
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    setAccount(login, account) {
      accounts.set(login, { ...account, ...(account.groups ? { groups: [...account.groups] } : {}) });
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return stopping;
    },
  };
}

/**
 * Drives the provider's own login page in a Playwright page that has just been sent to the
 * provider: types the login (and a password, which the development form requires but ignores),
 * submits, and continues past a consent page if one is ever shown. Returns once the browser has
 * left the provider.
 */
export async function signInAtProvider(page: Page, login: string): Promise<void> {
  const form = page.locator('form:has(input[name="prompt"][value="login"])');
  await form.locator('input[name="login"]').fill(login);
  const origin = new URL(page.url()).origin;
  await form.locator('input[name="password"]').fill("any password");
  await form.locator('button[type="submit"]').click();
  const consent = page.locator('form:has(input[name="prompt"][value="consent"]) button[type="submit"]');
  const left = page.waitForURL((url) => url.origin !== origin, { waitUntil: "commit" });
  const asked = consent.waitFor().then(
    () => true,
    () => false,
  );
  if (await Promise.race([left.then(() => false), asked])) await consent.click();
  await left;
}
