import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formReplyProblem, textReplyProblem } from "./reply-references";
import { REFERENCES_NEVER_SENT } from "@/test/reply-references";

// What React's own client encoder writes for our actions' arguments must pass; references it
// never writes for them must not.
const { encodeReply } = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/client.edge") as {
  encodeReply: (value: unknown, options: object) => Promise<string | FormData>;
};

const text = fc.oneof(
  fc.string(),
  fc.string().map((s) => `$${s}`),
  fc.constantFrom("$Q1", "$1", "$K1", "$@1", "$undefined", "$$"),
);
const key = text.filter((k) => k !== "__proto__");
const plainValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.boolean(),
    fc.double(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

describe("what React's encodeReply writes for our arguments", () => {
  it("plain objects of strings, numbers, booleans and arrays pass as text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(plainValue, { maxLength: 3 }), async (args) => {
        const body = await encodeReply(args, {});
        expect(typeof body).toBe("string");
        expect(textReplyProblem(body as string)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it("a form's (previous state, form data) passes as multipart", async () => {
    await fc.assert(
      fc.asyncProperty(plainValue, fc.array(fc.tuple(text, text), { maxLength: 5 }), async (state, fields) => {
        const form = new FormData();
        for (const [name, value] of fields) form.append(name, value);
        const body = await encodeReply([state, form], {});
        expect(body).toBeInstanceOf(FormData);
        expect(formReplyProblem(body as FormData, true)).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});

describe("references our clients never send", () => {
  it.each([...REFERENCES_NEVER_SENT, '[{"__proto__":1}]', "{}"])("refuses %s as text", (body) =>
    expect(textReplyProblem(body)).not.toBeNull(),
  );

  it("refuses multipart fields no FormData argument names", () => {
    const form = (entries: Array<[string, string]>) => {
      const data = new FormData();
      for (const [name, value] of entries) data.append(name, value);
      return data;
    };
    expect(
      formReplyProblem(
        form([
          ["0", '[null,"$K1"]'],
          ["1", "{}"],
        ]),
        true,
      ),
    ).not.toBeNull();
    expect(
      formReplyProblem(
        form([
          ["0", '[null,"$K1"]'],
          ["_2_email", "x"],
        ]),
        true,
      ),
    ).not.toBeNull();
    expect(
      formReplyProblem(
        form([
          ["0", "[]"],
          ["0", "[]"],
        ]),
        true,
      ),
    ).not.toBeNull();
    expect(formReplyProblem(form([["email", "x"]]), true)).not.toBeNull();
  });

  it("checks a form posted before hydration by its $ACTION_ fields only", () => {
    const meta = (bound: unknown, id = "7f00aa") => JSON.stringify({ id, bound });
    const form = (entries: Record<string, string>) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(entries)) data.append(name, value);
      return data;
    };
    const ok = { $ACTION_REF_1: "", "$ACTION_1:0": meta("$@1"), "$ACTION_1:1": "[null]", $ACTION_KEY: "k1", email: "$Q1" };
    expect(formReplyProblem(form(ok), false)).toBeNull();
    expect(formReplyProblem(form({ $ACTION_ID_7f00aa: "", email: "$Q1" }), false)).toBeNull();
    expect(formReplyProblem(form({ ...ok, "$ACTION_1:0": meta("$Q1") }), false)).not.toBeNull();
    expect(formReplyProblem(form({ ...ok, "$ACTION_1:0": meta("$@2") }), false)).not.toBeNull();
    expect(formReplyProblem(form({ ...ok, "$ACTION_1:0": meta(null, "$Q1") }), false)).not.toBeNull();
    expect(formReplyProblem(form({ ...ok, "$ACTION_1:1": '["$1"]' }), false)).not.toBeNull();
    expect(formReplyProblem(form({ $ACTION_REF_2: "" }), false)).not.toBeNull();
    expect(formReplyProblem(form({ $ACTION_OTHER: "" }), false)).not.toBeNull();
  });
});
