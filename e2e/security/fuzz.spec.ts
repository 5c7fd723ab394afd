import fc from "fast-check";
import { createToken, expect, signUp, test, uniqueUser } from "../fixtures";
import { actionManifest } from "./support/actions";

// Issue 20, finding 6: malformed bodies to every server action of this build (with and without a
// session) and to every /v2 route of the OpenAPI document: none may answer 5xx. Bounded, so the
// run stays well under a minute; on a failure fast-check prints the seed and the smallest case.

const RUNS = 300;
const TEXT = "text/plain;charset=UTF-8";

type Body = { contentType: string | null; data: Buffer };

const references = fc.constantFrom(
  ...["$Q1", "$W1", "$1", "$0", "$@1", "$K1", "$h1", "$T", "$B1", "$nabc", "$n1", "$D", "$Dx", "$i1", "$R1", "$r1", "$X1", "$x1"],
  ...["$A1", "$O1", "$S1", "$1:then", "$0:0", "$-0", "$undefined", "$NaN", "$Infinity", "$$", "$", "$ACTION_1:0"],
);
const dollarText = fc.oneof(
  references,
  fc.string({ maxLength: 12 }).map((s) => `$${s}`),
  fc.string({ maxLength: 12 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 4 },
    dollarText,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom("then", "__proto__", "constructor", "id", "name"), fc.string({ maxLength: 6 })), tie("value"), {
      maxKeys: 4,
    }),
  ),
})).value;
const jsonText = fc.oneof(
  json.map((value) => JSON.stringify(value)),
  fc.array(json, { maxLength: 3 }).map((value) => JSON.stringify(value)),
);
const contentTypes = fc.constantFrom(
  TEXT,
  "text/plain",
  "application/json",
  "application/x-www-form-urlencoded",
  "text/html",
  "",
  "multipart/form-data",
);

function multipart(fields: Array<[string, string, boolean]>, boundary: string): Body {
  const parts = fields.map(
    ([name, value, file]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? '; filename="f.bin"' : ""}\r\n\r\n${value}\r\n`,
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, data: Buffer.from(`${parts.join("")}--${boundary}--\r\n`) };
}

const body = (actionIds: string[]): fc.Arbitrary<Body> =>
  fc.oneof(
    jsonText.map((text) => ({ contentType: TEXT, data: Buffer.from(text) })),
    fc.tuple(contentTypes, jsonText).map(([contentType, text]) => ({ contentType, data: Buffer.from(text) })),
    fc
      .tuple(fc.option(contentTypes), fc.uint8Array({ maxLength: 256 }))
      .map(([contentType, bytes]) => ({ contentType, data: Buffer.from(bytes) })),
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom("0", "1", "_1_email", "_2_x", "$ACTION_REF_1", "$ACTION_1:0", "$ACTION_1:1", "$ACTION_KEY", "email"),
            fc.constantFrom(...actionIds).map((id) => `$ACTION_ID_${id}`),
            fc.string({ maxLength: 8 }),
          ),
          fc.oneof(
            jsonText,
            dollarText,
            fc.constantFrom(...actionIds).map((id) => JSON.stringify({ id, bound: "$@1" })),
          ),
          fc.boolean(),
        ),
        { maxLength: 5 },
      )
      .chain((fields) => fc.constantFrom("XyZ", "a'b", "").map((boundary) => multipart(fields, boundary))),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ contentType: "multipart/form-data; boundary=XyZ", data: Buffer.from(bytes) })),
  );

test("no malformed body to an action or a /v2 route answers 5xx", async ({ browser, playwright, baseURL }) => {
  test.setTimeout(180_000);
  // A session of its own: fuzzing logoutAction ends it, and no other test may lose its session.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signUp(page, uniqueUser("fuzz"));
  const apiToken = await createToken(page, `fuzz-${Date.now()}`, "Write");
  const withSession = context.request;
  const without = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });

  const actions = actionManifest();
  expect(actions.length).toBeGreaterThan(5);
  const openapi = (await (await without.get("/v2/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(openapi.paths).flatMap(([route, methods]) =>
    Object.keys(methods)
      .filter((method) => ["get", "post", "put", "patch", "delete"].includes(method))
      .map((method) => ({ method: method.toUpperCase(), route })),
  );
  expect(routes.length).toBeGreaterThan(3);
  const ids = actions.map((action) => action.id);

  const target = fc.oneof(
    fc.record({ kind: fc.constant("action" as const), action: fc.constantFrom(...actions), session: fc.boolean(), header: fc.boolean() }),
    fc.record({
      kind: fc.constant("api" as const),
      route: fc.constantFrom(...routes),
      id: fc.oneof(fc.constantFrom("x", "%24Q1", "$1", "tkc_x", "..", "0"), fc.string({ maxLength: 8 }).map(encodeURIComponent)),
    }),
  );

  await fc.assert(
    fc.asyncProperty(target, body(ids), async (where, sent) => {
      const headers: Record<string, string> = { Origin: baseURL! };
      if (sent.contentType !== null) headers["Content-Type"] = sent.contentType;
      let response;
      if (where.kind === "action") {
        if (where.header) headers["Next-Action"] = where.action.id;
        response = await (where.session ? withSession : without).post(where.action.page, { headers, data: sent.data, maxRedirects: 0 });
      } else {
        const url = `/v2${where.route.route.replace(/\{[^}]+\}/g, where.id)}`;
        headers.Authorization = `Bearer ${apiToken}`;
        const method = where.route.method;
        response = await without.fetch(url, { method, headers, ...(method === "GET" ? {} : { data: sent.data }), maxRedirects: 0 });
      }
      expect(response.status(), `${JSON.stringify(where)} ${sent.contentType} ${sent.data.toString("latin1")}`).toBeLessThan(500);
    }),
    { numRuns: RUNS },
  );
  await without.dispose();
  await context.close();
});
