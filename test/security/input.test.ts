import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "1000000";
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { createTokenAction } from "@/app/(dashboard)/api-tokens/actions";
import { signupAction } from "@/app/(auth)/signup/actions";
import { listAllTokens } from "@/lib/dal/token-listing";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import type { SessionUser } from "@/lib/dal/users";
import { tokenNameSchema } from "@/lib/validation/api-token";
import { signupSchema } from "@/lib/validation/auth";
import { call } from "@/test/api-client";
import { actAs, makeToken, makeUser } from "@/test/fixtures";
import { formData, fromClient, settle } from "@/test/next-request";

// Finding 3 of the attack report: bad input answered 500. Every bad input is a 4xx (or a
// refusal in the form), changes nothing, and nothing stored renders as markup.

const REFUSED_NAMES = [
  ["a lone high surrogate", "x\ud800"],
  ["a lone low surrogate", "\udc00y"],
  ["only zero-width characters", "\u200b\u200c\u200d"],
  ["only a byte-order mark", "\ufeff"],
  ["a line separator", "ci\u2028deploy"],
  ["a paragraph separator", "ci\u2029deploy"],
  ["only a Hangul filler", "\u3164"],
  ["a bidi override", "ci\u202Edeploy"],
] as const;

let owner: SessionUser;
let secret: string;
beforeAll(async () => {
  owner = await makeUser();
  secret = (await makeToken(owner, "fuzz-writer", "WRITE")).secret;
  fromClient("192.0.2.10");
});

const names = async () => (await listAllTokens(owner)).map((t) => t.name).sort();

describe("the name rule, one for the form, the action and the API", () => {
  it.each(REFUSED_NAMES)("refuses %s everywhere, and stores nothing", async (_label, name) => {
    const before = await names();
    expect(tokenNameSchema.safeParse(name).success).toBe(false);
    await actAs(owner);
    const action = await createTokenAction({ name, scope: "READ_ONLY" });
    expect(action).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    const api = await call("POST", "/api/generate", { token: secret, body: { name } });
    expect(api.status).toBe(422);
    expect(await names()).toEqual(before);
  });

  it("holds for any Unicode: accepted names are well-formed, visible, single-line and at most 64 characters", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (text) => {
        const parsed = tokenNameSchema.safeParse(text);
        if (!parsed.success) return;
        const name = parsed.data;
        expect(name.isWellFormed()).toBe(true);
        expect([...name].length).toBeLessThanOrEqual(64);
        expect(name).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}]/u);
        expect(name).toMatch(/[^\p{Z}\p{Cf}\p{M}\s]/u);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses lone surrogates in every sign-up field", () => {
    for (const field of ["name", "email", "password"] as const) {
      const input = {
        name: "Someone",
        email: "someone@example.test",
        password: "a-long-passphrase",
        [field]: `x\ud800${field === "email" ? "@example.test" : "-long-value"}`,
      };
      expect(signupSchema.safeParse(input).success, field).toBe(false);
    }
  });

  it("answers a sign-up whose fields hold a lone surrogate with a refusal, and makes no account", async () => {
    // A browser's form post cannot carry one (it sends UTF-8); a crafted action call can try.
    const fields = { name: "x\ud800", email: "surrogate@example.test", password: "a-long-passphrase" };
    expect(await settle(() => signupAction(null, fields as never))).toEqual({ returned: { ok: false, message: MESSAGES.unreadableForm } });
    const posted = await settle(() => signupAction(null, formData(fields)));
    expect(posted).toEqual({ redirectedTo: "/api-tokens" }); // the form post arrived as "x\uFFFD": well-formed
    expect(await db.user.findUnique({ where: { email: "surrogate@example.test" }, select: { name: true } })).toEqual({ name: "x\uFFFD" });
  });
});

describe("POST /v2/api/generate with any body", () => {
  const anyJson = fc.oneof(
    fc.jsonValue(),
    fc.record(
      { name: fc.oneof(fc.string({ unit: "binary" }), fc.jsonValue()), write: fc.oneof(fc.string({ unit: "binary" }), fc.jsonValue()) },
      { requiredKeys: [] },
    ),
  );

  it("answers 200, 400, 413, 415 or 422, never 500, and never stores a name that renders as markup", async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (body) => {
        const response = await call("POST", "/api/generate", { token: secret, rawBody: JSON.stringify(body) ?? "" });
        expect([200, 400, 413, 415, 422]).toContain(response.status);
      }),
      { numRuns: 300 },
    );
    for (const name of await names()) expect(tokenNameSchema.parse(name)).toBe(name);
  });

  it("answers 415 to a body that is not declared JSON, and stores nothing", async () => {
    const before = await names();
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp"]) {
      const response = await call("POST", "/api/generate", {
        token: secret,
        rawBody: '{"name":"sneaky"}',
        headers: { "content-type": contentType },
      });
      expect(response.status, contentType).toBe(415);
    }
    expect(await names()).toEqual(before);
  });

  it("answers 400 to bytes that are not UTF-8", async () => {
    const response = await call("POST", "/api/generate", {
      token: secret,
      rawBody: new Uint8Array([0x7b, 0x22, 0x6e, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(response.status).toBe(400);
  });
});

describe("server actions called directly with any arguments", () => {
  it("answer with a refusal, never throw", async () => {
    await actAs(owner);
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.anything(), async (first, second) => {
        const create = await createTokenAction(first);
        expect(create.ok === false || typeof create.data.secret === "string").toBe(true);
        const signup = await settle(() => signupAction(first as never, second as never));
        expect("returned" in signup && signup.returned?.ok === false).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
