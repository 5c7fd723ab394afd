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

// With SIGNUP=closed nothing is signed up in the browser, not even a fresh console's first
// account: whoever reached it first would own it (the attack helper's finding). Its admin is
// made on the server, with `npm run admin -- create <email> --admin` (scripts/admin.test.ts).

const signUp = (email: string) => {
  cookieJar.clear();
  return settle(() => signupAction(null, formData({ name: "Someone", email, password: "a-long-passphrase" })));
};

describe("SIGNUP=closed on a console without accounts", () => {
  it("creates no account, not even the first (the admin), whether or not the form says it means the first", async () => {
    fromClient("192.0.2.95");
    const results = await Promise.all([signUp("closed-a@example.test"), signUp("closed-b@example.test")]);
    cookieJar.clear();
    results.push(
      await settle(() =>
        signupAction(null, formData({ name: "Someone", email: "closed-c@example.test", password: "a-long-passphrase", firstAccount: "1" })),
      ),
    );
    expect(results).toEqual(results.map(() => ({ returned: expect.objectContaining({ ok: false, message: MESSAGES.signupClosed }) })));
    expect(await db.user.count()).toBe(0);
  });
});
