import { describe, expect, it } from "vitest";
import { apiRouter } from "@/app/v2/router";
import { CLIENT_IP_HEADER } from "@/lib/server/client-address.mjs";
import { freshIp } from "@/test/api-client";

// The router our server answers /v2 with, before Next.js: the same answers as Next.js's folders.

const router = apiRouter();
const ask = (method: string, path: string) =>
  router.fetch(new Request(`http://console.test${path}`, { method, headers: { [CLIENT_IP_HEADER]: freshIp() } }));

describe("the /v2 router", () => {
  it("ranks a static path above a parameter, whatever the method (PATCH /v2/api/generate is not an edit of key 'generate')", async () => {
    for (const method of ["GET", "PUT", "PATCH", "DELETE"]) {
      const response = await ask(method, "/v2/api/generate");
      expect(response.status, method).toBe(404);
      expect(await response.json()).toMatchObject({ errors: [{ code: "no_such_endpoint" }] });
    }
  });

  it("answers every path that is no endpoint in the API's dialect", async () => {
    for (const path of ["/v2", "/v2/", "/v2/nothing", "/v2/api/", "/v2/api/a/b/c", "/v2/account/info/", "/v2/openapi.json/x"]) {
      const response = await ask("GET", path);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ status: "error", errors: [{ code: "no_such_endpoint" }] });
    }
  });

  it("serves the documented operations: a token is asked for, the document is public", async () => {
    expect((await ask("GET", "/v2/account/info")).status).toBe(401);
    expect((await ask("PATCH", "/v2/api/cm3x8k2p90000qz8h1a2b3c4d")).status).toBe(401);
    expect((await ask("POST", "/v2/tokens/introspect")).status).toBe(401);
    expect((await ask("GET", "/v2/openapi.json")).status).toBe(200);
    // Forward auth answers any method (here: not a trusted proxy).
    for (const method of ["GET", "POST", "DELETE", "OPTIONS"]) expect((await ask(method, "/v2/auth/forward")).status, method).toBe(403);
  });
});
