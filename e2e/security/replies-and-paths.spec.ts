import net from "node:net";
import { expect as baseExpect, type APIRequestContext } from "@playwright/test";
import { createToken, expect, test } from "../fixtures";
import { actionId, actionPage } from "./support/actions";
import { REFERENCES_NEVER_SENT } from "../../test/reply-references";

// Issue 20, findings 1–4: what reaches React's reply decoder, prefetch headers, malformed
// escapes in paths and cross-origin action posts, against the real server.

const TEXT = "text/plain;charset=UTF-8";

/** A request context with no session: public actions and logged-out callers. */
async function anonymous(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, baseURL: string) {
  return playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
}

test.describe("reply references our clients never send are refused before they are decoded (20.1)", () => {
  for (const body of REFERENCES_NEVER_SENT) {
    test(`${body} → 400 on every action, with and without a session`, async ({ request, playwright, baseURL }) => {
      const nobody = await anonymous(playwright, baseURL!);
      for (const name of ["loginAction", "signupAction", "logoutAction", "createTokenAction", "deleteTokenAction"]) {
        for (const [who, client] of [
          ["session", request],
          ["no session", nobody],
        ] as const) {
          const response = await client.post(actionPage(name), {
            headers: { "Next-Action": actionId(name), "Content-Type": TEXT, Origin: baseURL! },
            data: body,
          });
          baseExpect(response.status(), `${name}, ${who}`).toBe(400);
        }
      }
      await nobody.dispose();
    });
  }

  test("multipart action posts: only a root array and the fields of the forms it names", async ({ request, baseURL }) => {
    const post = (multipart: Record<string, string>) =>
      request.post("/login", { headers: { "Next-Action": actionId("loginAction"), Origin: baseURL! }, multipart });
    expect((await post({ "0": '["$Q1"]' })).status()).toBe(400);
    expect((await post({ "0": '[null,"$K1"]', "1": '{"x":1}', _1_email: "a@b.c" })).status()).toBe(400);
    expect((await post({ "0": '[null,"$K2"]', _1_email: "a@b.c" })).status()).toBe(400);
    // What React sends for useActionState's (previous state, form data) is decoded as before.
    const fine = await post({ "0": '[null,"$K1"]', _1_email: "nobody@example.com", _1_password: "wrong-password-1" });
    expect(fine.status()).toBe(200);
  });

  test("a form posted before hydration: its bound-argument fields are checked too", async ({ playwright, baseURL }) => {
    const id = actionId("loginAction");
    const request = await anonymous(playwright, baseURL!);
    const post = (bound: string, args = "[null]") =>
      request.post("/login", {
        headers: { Origin: baseURL! },
        multipart: { $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id, bound }), "$ACTION_1:1": args, email: "a@b.c", password: "x" },
      });
    expect((await post("$Q2")).status()).toBe(400);
    expect((await post("$@1", '["$Q1"]')).status()).toBe(400);
    expect((await post("$@2")).status()).toBe(400);
    // What the login page renders into its form, so that it works before hydration.
    expect((await post("$@1")).status()).toBe(200);
    await request.dispose();
  });

  test('a user-typed "$Q1" still arrives as text: a token of that name can be created', async ({ page, tokenName }) => {
    await page.goto("/api-tokens");
    await createToken(page, `$Q1${tokenName("")}`);
  });
});

test.describe("prefetch headers bypass neither the body guard nor the CSP (20.2)", () => {
  const prefetch: Array<Record<string, string>> = [{ Purpose: "prefetch" }, { "Next-Router-Prefetch": "1" }];
  const cases: Array<[string, string, string, number]> = [
    ["invalid JSON", TEXT, '[{"name":', 400],
    ["a bare number", TEXT, "42", 400],
    ["a reply reference", TEXT, '["$Q1"]', 400],
    ["a JSON content type", "application/json", "[]", 415],
  ];
  for (const headers of prefetch)
    for (const [label, contentType, body, status] of cases)
      test(`${Object.keys(headers)[0]}: ${label} → ${status}`, async ({ request, baseURL }) => {
        const response = await request.post("/signup", {
          headers: { ...headers, "Next-Action": actionId("signupAction"), "Content-Type": contentType, Origin: baseURL! },
          data: body,
        });
        expect(response.status()).toBe(status);
      });

  for (const headers of prefetch)
    test(`${Object.keys(headers)[0]}: pages and RSC payloads carry the CSP`, async ({ request }) => {
      for (const extra of [{}, { RSC: "1" }] as Array<Record<string, string>>) {
        const response = await request.get("/api-tokens", { headers: { ...headers, ...extra } });
        expect(response.status()).toBe(200);
        expect(response.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
      }
    });
});

test.describe("a malformed percent-escape in a path is a 400 (20.3)", () => {
  for (const url of ["/v2/api/%ZZ/delete", "/v2/%ZZ", "/v2/api/%C0%AF/roll", "/v2/api/%E0%A4"])
    test(`${url} → 400 in the API's error shape`, async ({ request }) => {
      for (const method of ["GET", "POST"] as const) {
        const response = await request.fetch(url, { method, headers: { "Content-Type": "application/json" }, data: "{}" });
        expect(response.status(), method).toBe(400);
        expect(response.headers()["content-type"]).toContain("application/json");
        const body = await response.json();
        expect(body).toMatchObject({ status: "error", errors: [{ code: "invalid_input" }] });
        expect(typeof body.message).toBe("string");
      }
    });

  for (const url of ["/api-tokens/%ZZ", "/%ZZ", "/login/%C0%AF"])
    test(`${url} → plain 400`, async ({ request }) => {
      const response = await request.get(url);
      expect(response.status()).toBe(400);
      expect(response.headers()["content-type"]).toContain("text/plain");
    });

  test("well-formed escapes still route", async ({ request }) => {
    for (const [escaped, plain] of [
      ["/v2/api/%61bc", "/v2/api/abc"],
      ["/api-tokens/%61bc", "/api-tokens/abc"],
      ["/login?next=%ZZ", "/login"],
    ]) {
      const status = (await request.get(escaped!)).status();
      expect(status, escaped).toBeLessThan(500);
      expect(status, escaped).toBe((await request.get(plain!)).status());
    }
  });
});

test.describe("a cross-origin action post is a 403 before Next.js runs (20.4)", () => {
  for (const origin of ["https://evil.example", "null", "garbage", "http://127.0.0.1:1"])
    test(`Origin: ${origin} → 403, nothing written`, async ({ page, request }) => {
      const name = `xo-${Date.now()}`;
      const fetchAction = await request.post("/api-tokens", {
        headers: { "Next-Action": actionId("createTokenAction"), "Content-Type": TEXT, Origin: origin },
        data: JSON.stringify([{ name, scope: "WRITE" }]),
      });
      expect(fetchAction.status()).toBe(403);
      const beforeHydration = await request.post("/login", {
        headers: { Origin: origin },
        multipart: { [`$ACTION_ID_${actionId("logoutAction")}`]: "" },
      });
      expect(beforeHydration.status()).toBe(403);
      await page.goto("/api-tokens");
      await expect(page.getByText(name, { exact: true })).toHaveCount(0);
    });

  test("a same-origin post, and one without an Origin (as Next.js allows), still run", async ({ request, baseURL }) => {
    for (const headers of [{ Origin: baseURL! }, {}] as Array<Record<string, string>>) {
      const response = await request.post("/signup", {
        headers: { ...headers, "Next-Action": actionId("signupAction"), "Content-Type": TEXT },
        data: '["$undefined",{}]',
      });
      expect(response.status()).toBe(200);
    }
  });

  test("/v2 posts are not actions: a foreign Origin changes nothing there", async ({ request }) => {
    const response = await request.post("/v2/api/generate", {
      headers: { Origin: "https://evil.example", "Content-Type": "application/json" },
      data: "{}",
    });
    expect(response.status()).toBe(401);
  });
});

test.describe("what a second look at the guard found (issue 20, the review's attack)", () => {
  test("a content type Next.js reads as text, however it is spelled, is checked as text", async ({ playwright, baseURL }) => {
    const request = await anonymous(playwright, baseURL!);
    for (const type of [
      "application/x-www-form-urlencoded; charset=utf-8",
      "Application/x-www-form-urlencoded",
      "Multipart/form-data; boundary=XB",
    ]) {
      for (const body of [
        '["$Q1"]',
        '["$1"]',
        '[{"then":"$1:then"}]',
        "garbage",
        '--XB\r\nContent-Disposition: form-data; name="0"\r\n\r\n[null,"$K1"]\r\n--XB--\r\n',
      ]) {
        const response = await request.post("/login", {
          headers: { "Next-Action": actionId("loginAction"), "Content-Type": type, Origin: baseURL! },
          data: body,
        });
        baseExpect(response.status(), `${type}: ${body}`).toBe(400);
      }
    }
    await request.dispose();
  });

  test("multipart is read with Next.js's own parser: a part naming itself twice cannot show the guard one field and React another", async ({
    playwright,
    baseURL,
  }) => {
    const request = await anonymous(playwright, baseURL!);
    const body =
      '--A\r\nContent-Disposition: form-data; name="0"\r\nContent-Disposition: form-data; name="_1_a"\r\n\r\n["$Q2"]\r\n' +
      '--A\r\nContent-Disposition: form-data; name="_1_b"\r\nContent-Disposition: form-data; name="0"\r\n\r\n[null,"$K1"]\r\n--A--\r\n';
    const response = await request.post("/login", {
      headers: { "Next-Action": actionId("loginAction"), "Content-Type": "multipart/form-data; boundary=A", Origin: baseURL! },
      data: body,
    });
    expect(response.status()).toBe(400);
    await request.dispose();
  });

  test("a cross-origin post cannot hide behind dot segments or a Host in capitals: 403, not Next.js's 500", async ({ baseURL }) => {
    const url = new URL(baseURL!);
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const body = "[null]";
        const socket = net.connect(Number(url.port), url.hostname);
        let answer = "";
        socket.on("data", (chunk) => (answer += chunk)).on("error", reject);
        socket.on("close", () => resolve(Number(answer.split(" ")[1])));
        const lines = Object.entries({ "Content-Type": TEXT, "Content-Length": String(body.length), Connection: "close", ...headers });
        socket.write(`POST ${path} HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n${body}`);
      });
    const id = actionId("loginAction");
    for (const path of ["/api/../login", "/v2/../login", "/api/%2e%2e/login", "/%61pi/../login"])
      expect(await raw(path, { Host: url.host, Origin: "http://evil.example", "Next-Action": id }), path).toBe(403);
    const upper = url.host.toUpperCase().replace("127.0.0.1", "LOCALHOST");
    expect(await raw("/login", { Host: upper, Origin: `http://${upper.toLowerCase()}`, "Next-Action": id })).toBe(403);
    // A request target that is not a path (OPTIONS * asks about the server itself): 400, not 500.
    expect(await raw("*", { Host: url.host })).toBe(400);
  });

  test("the source review's cases: a byte-order mark, JSON nested deep inside multipart, and POSTs where the guard does not run", async ({
    playwright,
    baseURL,
  }) => {
    const request = await anonymous(playwright, baseURL!);
    const id = actionId("loginAction");
    const bom = await request.post("/login", {
      headers: { "Next-Action": id, "Content-Type": TEXT, Origin: baseURL! },
      data: Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0x5d]),
    });
    expect(bom.status()).toBe(400);
    const deep = "[".repeat(20_000) + "]".repeat(20_000);
    const fetchForm = await request.post("/login", { headers: { "Next-Action": id, Origin: baseURL! }, multipart: { "0": deep } });
    expect(fetchForm.status()).toBe(400);
    const documentForm = await request.post("/login", { headers: { Origin: baseURL! }, multipart: { "$ACTION_1:1": deep } });
    expect(documentForm.status()).toBe(400);
    for (const path of ["/api/x", "/x.png", "/_next/staticX"]) {
      const form = await request.post(path, {
        headers: { Origin: baseURL! },
        multipart: { $ACTION_REF_1: "", "$ACTION_1:0": JSON.stringify({ id, bound: "$Q9" }) },
      });
      baseExpect(form.status(), path).toBe(404);
      const foreign = await request.post(path, {
        headers: { Origin: "http://evil.example", "Next-Action": id, "Content-Type": TEXT },
        data: "[]",
      });
      baseExpect(foreign.status(), path).toBe(404);
    }
    await request.dispose();
  });
});
