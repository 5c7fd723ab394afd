import { describe, expect, it } from "vitest";
import { crossOriginAction, holdsToken, malformedPath, safePath, unguardedPost } from "./request-checks.mjs";

const SECRET = "Ab3".repeat(16);

const spelled = (text: string, hex: (code: number) => string) => [...text].map((c) => `%${hex(c.charCodeAt(0))}`).join("");
const upper = (code: number) => code.toString(16).toUpperCase();
const lower = (code: number) => code.toString(16);

// The prefix, or the whole token, next to escapes of bytes that are not UTF-8 (%FF, an overlong
// %C0%AF, a cut-off %E0%A4), in both cases of hex and escaped twice.
const BESIDE_BROKEN = [
  `/v2/%FF%74kc_${SECRET}`,
  `/v2/%ff%74kc_${SECRET}`,
  `/v2/tkc%5F%FF${SECRET}`,
  `/v2/tkc%5f%ff${SECRET}`,
  `/v2/%FF${spelled("tkc_", upper)}%FF${SECRET}`,
  `/v2/%ff${spelled("tkc_", lower)}%ff${SECRET}`,
  `/v2/%FF${[..."tkc_"].map((c) => `%${upper(c.charCodeAt(0))}`).join("%FF")}%FF${SECRET}`,
  `/v2/${[...`tkc_${SECRET}`].join("%FF")}`,
  `/v2/%FF%2574kc_${SECRET}`,
  `/v2/%2574kc_%FF${SECRET}`,
  `/v2/%25FF%2574kc%255F%25FF${SECRET}`,
  `/v2/%C0%AF%74kc_${SECRET}`,
  `/v2/%E0%A4%74%6B%63%5F${SECRET}`,
];

/** What a decoder that drops bytes it cannot read would hand on. */
const withoutHighBytes = (text: string) => text.replace(/%[89a-f][0-9a-f]/gi, "");

describe("safePath", () => {
  it.each([
    `/v2/tkc_${SECRET}`,
    `/v2/TKC_${SECRET}`,
    `/v2/tkc%5F${SECRET}`,
    `/v2/tkc%5f${SECRET}`,
    `/v2/%74kc_${SECRET}`,
    `/v2/%74%6b%63%5f${SECRET}`,
    `/v2/tkc%255F${SECRET}`,
    `/v2/%ZZ/tkc%5F${SECRET}?q=1`,
    // A token right after something token-like (the attack helper's finding): the first match
    // must not end at the real token's own underscore.
    `/v2/api/tkc%5Ftkc_${SECRET}`,
    `/x/tkc_tkc_${SECRET}`,
    `/x/TKC_KEYtkc_${SECRET}`,
  ])("masks the token in %s", (url) => {
    const shown = safePath(url);
    expect(shown).toContain("tkc_[redacted]");
    expect(shown).not.toContain(SECRET.slice(0, 6));
  });

  // A token beside an escape that is not UTF-8 (the attack review): a decoder that drops or replaces
  // such a byte still hands on the token, and a reader of the log sees it.
  it.each(BESIDE_BROKEN)("masks the token beside a broken escape in %s", (path) => {
    const shown = safePath(path);
    expect(shown).toContain("tkc_[redacted]");
    expect(withoutHighBytes(shown)).not.toContain(SECRET.slice(0, 6));
  });

  it("decodes a long path of broken escapes whole, and masks a token before them", () => {
    const broken = "/%FFa".repeat(3_000);
    expect(safePath(`/v2/%FF%74kc_${SECRET}${broken}?q=1`)).toBe(`/v2/%FFtkc_[redacted]${broken}`.slice(0, 512));
    expect(safePath(`/v2/${"%C0a".repeat(4_000)}`)).toBe(`/v2/${"%C0a".repeat(4_000)}`.slice(0, 512));
    expect(safePath(`/v2/tkc%5F${SECRET}/${"%25".repeat(5_000)}`)).toBe(`/v2/tkc_[redacted]/${"%".repeat(5_000)}`.slice(0, 512));
  });

  it("leaves a path without a token as it was sent, without its query", () => {
    expect(safePath("/api-tokens/%ZZ?secret=1")).toBe("/api-tokens/%ZZ");
    expect(safePath("/v2/api/a%20b")).toBe("/v2/api/a%20b");
  });
});

describe("holdsToken", () => {
  it.each([`/v2/api?t=tkc_${SECRET}`, `/v2/api?t=TKC_${SECRET}`, `/v2/api?t=tkc%255F${SECRET}`, `/v2/api/%74kc_${SECRET}`])(
    "finds the token in %s, however it is written",
    (url) => expect(holdsToken(url)).toBe(true),
  );

  it.each([
    `/v2/api?t=%FF%74kc_${SECRET}`,
    `/v2/tkc%5F%FF${SECRET}`,
    `http://127.0.0.1:3000/v2/api?t=%ff%74%6b%63%5f${SECRET}`,
    ...BESIDE_BROKEN,
  ])("finds the token beside a broken escape in %s", (url) => expect(holdsToken(url)).toBe(true));

  it("finds a token after a long run of broken escapes", () => {
    expect(holdsToken(`/v2/api?x=${"%FFa".repeat(4_000)}%FF%74kc_${SECRET}`)).toBe(true);
    expect(holdsToken(`/v2/api?x=${"%FFa".repeat(4_000)}`)).toBe(false);
  });

  it("finds none in a URL without one", () => {
    expect(holdsToken("/v2/api?name=token%20console")).toBe(false);
    expect(holdsToken("/v2/api/cm3x8k2p90000qz8h1a2b3c4d/roll")).toBe(false);
    expect(holdsToken("/v2/api?name=t%C3%A9l%C3%A9k%C3%A9c&x=%FF")).toBe(false);
  });
});

describe("malformedPath", () => {
  it("refuses under /v2 in the API's error shape", () => {
    const refusal = malformedPath("/v2/api/%C0%AF/roll");
    expect(refusal?.status).toBe(400);
    expect(JSON.parse(refusal!.body)).toMatchObject({ status: "error", errors: [{ code: "invalid_input" }] });
  });

  it("refuses a path of broken escapes, however long, in the shape of where it leads", () => {
    for (const path of [`/v2/%FF%74kc_${SECRET}`, `/v2/${"%FFa".repeat(4_000)}`, `/%76%32/%FF`, `/%FF%76/../v2/x`])
      expect(malformedPath(path)?.headers["Content-Type"], path).toBe("application/json");
    for (const path of [`/api-tokens/${"%C0a".repeat(4_000)}`, "/v2/%2e%2e/%FF", "/v2/%FF/%2e%2e/%2e%2e/login"])
      expect(malformedPath(path)?.headers["Content-Type"], path).toBe("text/plain; charset=utf-8");
  });

  it("refuses elsewhere as plain text, and lets good escapes through", () => {
    expect(malformedPath("/api-tokens/%ZZ")).toMatchObject({ status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    expect(malformedPath("/api-tokens/%E2%9C%93")).toBeNull();
  });

  it("refuses a request target that is not a path (OPTIONS *, authority-form) with 400, and lets absolute-form through", () => {
    for (const target of ["*", "example.com:443", "", "login"])
      expect(malformedPath(target), target).toMatchObject({ status: 400, body: "The request target must be a path." });
    expect(malformedPath("http://console.test/login")).toBeNull();
  });
});

describe("crossOriginAction", () => {
  // Next.js compares the Origin's host with the first X-Forwarded-Host, or else Host, exactly.
  const host = "127.0.0.1:3000";
  const post = (origin?: string, method = "POST", headers: Record<string, string> = { host }) => ({
    method,
    headers: origin === undefined ? headers : { ...headers, origin },
  });

  it.each(["https://evil.example", "null", "garbage", "http://127.0.0.1:3001", "http://127.0.0.1"])("refuses Origin %s", (origin) => {
    expect(crossOriginAction(post(origin), "/api-tokens")?.status).toBe(403);
  });

  it("refuses what Next.js would abort with a 500: a Host that differs only in case, no Host at all", () => {
    expect(crossOriginAction(post("http://localhost:3000", "POST", { host: "LOCALHOST:3000" }), "/login")?.status).toBe(403);
    expect(crossOriginAction(post("http://localhost:3000", "POST", {}), "/login")?.status).toBe(403);
  });

  it("reads an Origin of any scheme as Next.js does, and never throws", () => {
    expect(() => crossOriginAction(post("foo://127.0.0.1:3000"), "/login")).not.toThrow();
    expect(crossOriginAction(post("foo://127.0.0.1:3000"), "/login")).toBeNull(); // Next.js compares the host alone
    expect(crossOriginAction(post("foo://evil.example"), "/login")?.status).toBe(403);
    expect(crossOriginAction(post("data:text/plain,x"), "/login")?.status).toBe(403);
  });

  it("checks the page a path reaches, not the prefix it is written with", () => {
    for (const path of ["/api/../login", "/v2/../login", "/api/%2e%2e/login", "/%61pi/../login", "/v2/%2E%2E/signup"])
      expect(crossOriginAction(post("http://evil.example"), path)?.status, path).toBe(403);
  });

  it("lets our origin, a missing Origin, other methods and the API through", () => {
    expect(crossOriginAction(post("http://127.0.0.1:3000"), "/api-tokens")).toBeNull();
    expect(crossOriginAction(post(), "/login")).toBeNull();
    // Behind a trusted proxy: the host it forwarded (scripts/server.mjs drops a client's own).
    const proxied = { "x-forwarded-host": "tokens.example.test, 10.0.0.1", host: "10.0.1.11:3000" };
    expect(crossOriginAction(post("https://tokens.example.test", "POST", proxied), "/signup")).toBeNull();
    expect(crossOriginAction(post("https://evil.example", "POST", proxied), "/signup")?.status).toBe(403);
    expect(crossOriginAction(post("https://evil.example", "GET"), "/login")).toBeNull();
    expect(crossOriginAction(post("https://evil.example"), "/v2/api/generate")).toBeNull();
    // /api has no route handler: a POST there is unguardedPost's 404 before this check runs.
    expect(unguardedPost({ method: "POST" }, "/api/github/secret-scanning")?.status).toBe(404);
  });
});

describe("unguardedPost", () => {
  it("refuses a POST where the body guard does not run and no route takes one", () => {
    for (const path of [
      "/api/x",
      "/api/auth/callback/credentials",
      "/_next/static/x",
      "/_next/imageX",
      "/faviconXico",
      "/x.png",
      "/a/b.svg",
      "/v2/../api/x",
    ])
      expect(unguardedPost({ method: "POST" }, path)?.status, path).toBe(404);
  });
  it("lets single sign-on's start through, and no other next-auth POST", () => {
    expect(unguardedPost({ method: "POST" }, "/api/auth/signin/oidc")).toBeNull();
    for (const path of [
      "/api/auth/signin/oidcx",
      "/api/auth/signin/github",
      "/api/auth/signout",
      "/api/auth/callback/oidc",
      "/api/auth/signin/oidc/x",
    ])
      expect(unguardedPost({ method: "POST" }, path)?.status, path).toBe(404);
    // From another site it is refused as a forged page post is.
    const forged = { method: "POST", headers: { origin: "http://evil.example", host: "127.0.0.1:3000" } };
    expect(crossOriginAction(forged, "/api/auth/signin/oidc")?.status).toBe(403);
    expect(
      crossOriginAction({ ...forged, headers: { ...forged.headers, origin: "http://127.0.0.1:3000" } }, "/api/auth/signin/oidc"),
    ).toBeNull();
  });
  it("lets pages, the API and other methods through", () => {
    for (const path of ["/login", "/api-tokens", "/v2/api/generate", "/admin/audit"])
      expect(unguardedPost({ method: "POST" }, path), path).toBeNull();
    expect(unguardedPost({ method: "GET" }, "/x.png")).toBeNull();
  });
});
