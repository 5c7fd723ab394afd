import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { loginAction } from "@/app/(auth)/login/actions";
import { LOGIN_FAILED_MESSAGE, LOGIN_THROTTLED_MESSAGE } from "@/lib/auth/sign-in";
import { getCurrentUser } from "@/lib/auth/session";
import { makeUser } from "@/test/fixtures";
import { cookieJar, formData, fromClient, settle } from "@/test/next-request";

const login = (fields: Record<string, string>) => settle(() => loginAction(null, formData(fields)));

describe("login", () => {
  it("signs in with the right password, starting a session; gives one message for a wrong one and an unknown email", async () => {
    await makeUser({ name: "Ada", email: "ada@example.test", password: "analytical-engine" });
    fromClient("10.0.0.1");
    cookieJar.clear();
    expect(await login({ email: "ADA@example.test ", password: "analytical-engine", callbackUrl: "/api-docs" })).toEqual({
      redirectedTo: "/api-docs",
    });
    expect(await getCurrentUser()).toMatchObject({ email: "ada@example.test", sessionVersion: 0 });
    const failed = { returned: { ok: false, message: LOGIN_FAILED_MESSAGE, values: { email: expect.any(String) } } };
    cookieJar.clear();
    expect(await login({ email: "ada@example.test", password: "wrong-password" })).toEqual(failed);
    expect(await login({ email: "nobody@example.test", password: "wrong-password" })).toEqual(failed);
    expect(cookieJar.all()).toEqual([]);
    const malformed = await login({ email: "not an email", password: "" });
    expect(malformed).toMatchObject({ returned: { ok: false, fieldErrors: { email: ["Enter a valid email address."] } } });
  });

  it("throttles an account from one address after 10 failures, even for the right password, but not from another address", async () => {
    await makeUser({ name: "Grace", email: "grace@example.test", password: "cobol-compiler" });
    fromClient("10.0.0.2");
    for (let i = 0; i < 10; i++)
      expect(await login({ email: "grace@example.test", password: `guess-${i}` })).toMatchObject({
        returned: { message: LOGIN_FAILED_MESSAGE },
      });
    expect(await login({ email: "grace@example.test", password: "cobol-compiler" })).toMatchObject({
      returned: { message: LOGIN_THROTTLED_MESSAGE },
    });
    fromClient("10.0.0.3");
    expect(await login({ email: "grace@example.test", password: "cobol-compiler" })).toEqual({ redirectedTo: "/api-tokens" });
  });
});
