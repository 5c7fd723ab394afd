import fs from "node:fs";
import path from "node:path";
import { createToken, expect, signUp, test, uniqueUser } from "../fixtures";

// Findings 3, 4 and 5 against the real server, and the request-level cases that held.

function actionId(exportedName: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(".next", "server", "server-reference-manifest.json"), "utf8"));
  const entry = Object.entries(manifest.node as Record<string, { exportedName?: string }>).find(
    ([, value]) => value.exportedName === exportedName,
  );
  if (!entry) throw new Error(`no server action ${exportedName} in this build`);
  return entry[0];
}

test.describe("bad input to server actions answers 4xx, never 500 (finding 3)", () => {
  const cases: Array<[string, string, string | Buffer, number]> = [
    ["invalid JSON", "text/plain;charset=UTF-8", '[{"name":', 400],
    ["a bare number", "text/plain;charset=UTF-8", "42", 400],
    ["nesting 10,000 deep", "text/plain;charset=UTF-8", "[".repeat(10_000) + "]".repeat(10_000), 400],
    ["over 1 MB", "text/plain;charset=UTF-8", `["${"x".repeat(1_100_000)}"]`, 413],
    ["broken multipart", "multipart/form-data; boundary=XYZ", '--XYZ\r\nContent-Disposition: form-data; name="1"\r\n\r\nabc', 400],
    ["a JSON content type", "application/json", "[]", 415],
    ["bytes that are not UTF-8", "text/plain;charset=UTF-8", Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x5d]), 400],
  ];
  for (const [label, contentType, body, status] of cases) {
    test(`${label} → ${status}`, async ({ request, baseURL }) => {
      for (const action of ["signupAction", "createTokenAction", "loginAction"]) {
        const response = await request.post(action === "createTokenAction" ? "/api-tokens" : "/signup", {
          headers: { "Next-Action": actionId(action), "Content-Type": contentType, Origin: baseURL! },
          data: body,
        });
        expect(response.status(), action).toBe(status);
      }
    });
  }

  test("a well-formed call with arguments of the wrong shape is a refusal, not a 500", async ({ request, baseURL }) => {
    const response = await request.post("/signup", {
      headers: { "Next-Action": actionId("signupAction"), "Content-Type": "text/plain;charset=UTF-8", Origin: baseURL! },
      data: '["$undefined",{"name":"x","email":"a@b","password":"12345678"}]',
    });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("The form could not be read.");
  });

  test("next-auth's endpoints are gone: a malformed login body there is a 404", async ({ request }) => {
    const response = await request.post("/api/auth/callback/credentials", {
      headers: { "Content-Type": "application/json" },
      data: "{not json",
    });
    expect(response.status()).toBe(404);
  });
});

test.describe("redirects after login stay on this site (finding 4)", () => {
  for (const callbackUrl of [
    "/%09/evil.example/phish",
    "//evil.example",
    "/\\evil.example",
    "https://evil.example/",
    "/%0A%0DSet-Cookie:x=y",
    "javascript:alert(1)",
  ]) {
    test(`callbackUrl=${callbackUrl} lands on the API Token page`, async ({ browser, baseURL }) => {
      const user = uniqueUser("redirect");
      const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
      const page = await context.newPage();
      await signUp(page, user);
      await page.getByRole("button", { name: "Log out" }).first().click();
      const response = await page.goto(`/login?callbackUrl=${callbackUrl}`);
      expect(response?.status()).toBe(200);
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(user.password);
      await page.getByRole("button", { name: "Login" }).click();
      await expect(page).toHaveURL(new RegExp(`^${baseURL}/api-tokens$`));
      await context.close();
    });
  }
});

test("the OpenAPI document never names a host from the request (finding 5)", async ({ request }) => {
  const response = await request.get("/v2/openapi.json", {
    headers: { "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", Host: "evil.example" },
  });
  expect(response.status()).toBe(200);
  expect(await response.text()).not.toContain("evil.example");
  expect((await response.json()).servers).toEqual([{ url: "/v2" }]);
});

test("a method a /v2 path does not serve answers in the API's error shape, not a bare 405 (the attack helper's finding)", async ({
  request,
}) => {
  const id = "cm3x8k2p90000qz8h1a2b3c4d";
  const served: Record<string, string[]> = {
    "/v2/account/info": ["GET"],
    "/v2/api": ["GET"],
    "/v2/api/generate": ["POST"],
    [`/v2/api/${id}`]: ["PATCH"],
    [`/v2/api/${id}/delete`]: ["DELETE"],
    [`/v2/api/${id}/roll`]: ["POST"],
    "/v2/credentials/revoke": ["POST"],
    "/v2/openapi.json": ["GET"],
  };
  for (const [path, methods] of Object.entries(served)) {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => !methods.includes(m))) {
      const response = await request.fetch(path, { method });
      expect.soft(response.status(), `${method} ${path}`).toBe(404);
      expect.soft(await response.json().catch(() => null), `${method} ${path}`).toMatchObject({
        status: "error",
        errors: [{ code: "no_such_endpoint" }],
      });
    }
  }
});

test.describe("the cases that held stay held", () => {
  test("a cross-origin action is refused", async ({ page, request }) => {
    await page.goto("/api-tokens");
    const cookies = await page.context().cookies();
    const response = await request.post("/api-tokens", {
      headers: {
        "Next-Action": actionId("createTokenAction"),
        "Content-Type": "text/plain;charset=UTF-8",
        Origin: "https://evil.example",
        Cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; "),
      },
      data: '[{"name":"cross-origin","scope":"WRITE"}]',
    });
    expect(response.status()).not.toBe(200);
    await page.reload();
    await expect(page.getByText("cross-origin", { exact: true })).toHaveCount(0);
  });

  test("the middleware-bypass header opens nothing", async ({ browser }) => {
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    });
    const page = await context.newPage();
    await page.goto("/api-tokens");
    await expect(page).toHaveURL(/\/login/);
    await context.close();
  });

  test("pages carry the security headers, and a new secret is in no page or RSC payload", async ({ page }) => {
    const response = await page.goto("/api-tokens");
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["strict-transport-security"]).toBeUndefined(); // plain HTTP: no HSTS
    const secret = await createToken(page, `held-${Date.now()}`, "Read-Only");
    const html = await (await page.request.get("/api-tokens")).text();
    const rsc = await (await page.request.get("/api-tokens", { headers: { RSC: "1" } })).text();
    expect(html).not.toContain(secret);
    expect(rsc).not.toContain(secret);
  });
});
