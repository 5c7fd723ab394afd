import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.SIGNUP = "closed";
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { signupAction } from "@/app/(auth)/signup/actions";
import { MESSAGES } from "@/lib/model";
import { db } from "@/lib/server/db";
import { cookieJar, formData, fromClient, settle } from "@/test/next-request";

// With SIGNUP=closed a fresh console still needs its admin: the first account can be made in
// the browser, and only that one, even by a form that does not say it means the first account.

const signUp = (email: string) => {
  cookieJar.clear();
  return settle(() => signupAction(null, formData({ name: "Someone", email, password: "a-long-passphrase" })));
};

describe("SIGNUP=closed on a console without accounts", () => {
  it("makes the first account, the admin; racing forms and every later sign-up are refused as closed", async () => {
    fromClient("192.0.2.95");
    const results = await Promise.all([signUp("closed-a@example.test"), signUp("closed-b@example.test"), signUp("closed-c@example.test")]);
    expect(results.filter((result) => "redirectedTo" in result)).toHaveLength(1);
    expect(results.filter((result) => "returned" in result)).toEqual([
      { returned: expect.objectContaining({ ok: false, message: MESSAGES.signupClosed }) },
      { returned: expect.objectContaining({ ok: false, message: MESSAGES.signupClosed }) },
    ]);
    expect(await db.user.findMany({ select: { role: true } })).toEqual([{ role: "ADMIN" }]);
    expect(await signUp("closed-d@example.test")).toMatchObject({ returned: { ok: false, message: MESSAGES.signupClosed } });
    expect(await db.user.count()).toBe(1);
  });
});
