import { describe, expect, it } from "vitest";
import { crossOriginAction, malformedPath, safePath } from "./request-checks.mjs";

const SECRET = "Ab3".repeat(16);

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
  ])("masks the token in %s", (url) => {
    const shown = safePath(url);
    expect(shown).toContain("tkc_[redacted]");
    expect(shown).not.toContain(SECRET.slice(0, 6));
  });

  it("leaves a path without a token as it was sent, without its query", () => {
    expect(safePath("/api-tokens/%ZZ?secret=1")).toBe("/api-tokens/%ZZ");
    expect(safePath("/v2/api/a%20b")).toBe("/v2/api/a%20b");
  });
});

describe("malformedPath", () => {
  it("refuses under /v2 in the API's error shape", () => {
    const refusal = malformedPath("/v2/api/%C0%AF/roll");
    expect(refusal?.status).toBe(400);
    expect(JSON.parse(refusal!.body)).toMatchObject({ status: "error", errors: [{ code: "invalid_input" }] });
  });

  it("refuses elsewhere as plain text, and lets good escapes through", () => {
    expect(malformedPath("/api-tokens/%ZZ")).toMatchObject({ status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    expect(malformedPath("/api-tokens/%E2%9C%93")).toBeNull();
  });
});

describe("crossOriginAction", () => {
  const ours = "http://127.0.0.1:3000";
  const post = (origin?: string, method = "POST") => ({ method, headers: origin === undefined ? {} : { origin } });

  it.each(["https://evil.example", "null", "garbage", "http://127.0.0.1:3001", "https://127.0.0.1:3000"])("refuses Origin %s", (origin) => {
    expect(crossOriginAction(post(origin), "/api-tokens", ours)?.status).toBe(403);
  });

  it("lets our origin, a missing Origin, other methods and the API through", () => {
    expect(crossOriginAction(post(ours), "/api-tokens", ours)).toBeNull();
    expect(crossOriginAction(post("http://127.0.0.1:3000"), "/login", `${ours}/`)).toBeNull();
    expect(crossOriginAction(post(), "/login", ours)).toBeNull();
    const direct = { method: "POST", headers: { origin: "http://127.0.0.1:3142", host: "127.0.0.1:3142" } };
    expect(crossOriginAction(direct, "/signup", "https://tokens.example.test")).toBeNull();
    const forged = { method: "POST", headers: { origin: "https://evil.example", host: "127.0.0.1:3142" } };
    expect(crossOriginAction(forged, "/signup", "https://tokens.example.test")?.status).toBe(403);
    expect(crossOriginAction(post("https://evil.example", "GET"), "/login", ours)).toBeNull();
    expect(crossOriginAction(post("https://evil.example"), "/v2/api/generate", ours)).toBeNull();
    expect(crossOriginAction(post("https://evil.example"), "/api/github/secret-scanning", ours)).toBeNull();
  });
});
