import { describe, expect, it } from "vitest";
import { authOptions, LOGIN_FAILED_MESSAGE, LOGIN_THROTTLED_MESSAGE } from "@/lib/server/auth";
import { makeUser } from "@/test/fixtures";

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown>;

// next-auth keeps the provider's own authorize() under `options`; this is the function a login POST reaches.
function authorize(): Authorize {
  const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
  return provider.options.authorize;
}

const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

describe("credentials login", () => {
  it("signs in with the right password and gives one message for a wrong one and an unknown email", async () => {
    await makeUser({ name: "Ada", email: "ada@example.test", password: "analytical-engine" });
    await expect(authorize()({ email: "ADA@example.test ", password: "analytical-engine" }, from("10.0.0.1"))).resolves.toMatchObject({
      email: "ada@example.test",
      sessionVersion: 0,
    });
    await expect(authorize()({ email: "ada@example.test", password: "wrong-password" }, from("10.0.0.1"))).rejects.toThrow(
      LOGIN_FAILED_MESSAGE,
    );
    await expect(authorize()({ email: "nobody@example.test", password: "wrong-password" }, from("10.0.0.1"))).rejects.toThrow(
      LOGIN_FAILED_MESSAGE,
    );
    await expect(authorize()({ email: "not an email", password: "" }, from("10.0.0.1"))).rejects.toThrow(LOGIN_FAILED_MESSAGE);
  });

  it("throttles an account from one address after 10 failures, even for the right password, but not from another address", async () => {
    await makeUser({ name: "Grace", email: "grace@example.test", password: "cobol-compiler" });
    for (let i = 0; i < 10; i++) {
      await expect(authorize()({ email: "grace@example.test", password: `guess-${i}` }, from("10.0.0.2"))).rejects.toThrow(
        LOGIN_FAILED_MESSAGE,
      );
    }
    await expect(authorize()({ email: "grace@example.test", password: "cobol-compiler" }, from("10.0.0.2"))).rejects.toThrow(
      LOGIN_THROTTLED_MESSAGE,
    );
    await expect(authorize()({ email: "grace@example.test", password: "cobol-compiler" }, from("10.0.0.3"))).resolves.toMatchObject({
      email: "grace@example.test",
    });
  });
});
