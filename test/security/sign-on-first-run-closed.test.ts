import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.SIGNUP = "closed";
});

import { signOn } from "@/lib/dal/sign-on";
import { db } from "@/lib/server/db";
import type { ProviderIdentity } from "@/lib/validation/sign-on";
import { makeUser, TEST_META } from "@/test/fixtures";

// SIGNUP=closed keeps a fresh console's first account (its admin) off the browser: whoever
// reached it first would own it (test/security/first-run-closed.test.ts), so it is made on the
// server. Single sign-on was a way around that: the first person the provider vouched for became
// the admin, and a provider vouches for many (every employee of a tenant; for Google's issuer,
// anyone with a Google account). With SIGNUP=closed it makes no first account; once the
// operator has made the admin, the provider's people are let in as members, as before.

const person = (name: string): ProviderIdentity => ({
  issuer: "https://login.example.test",
  subject: `sub-${name}`,
  email: `${name}@example.test`,
  emailVerified: true,
  name,
  teamKeys: null,
});

describe("single sign-on on a console without accounts, with SIGNUP=closed", () => {
  it("makes no account, so not the admin", async () => {
    expect(await db.user.count()).toBe(0);
    const results = await Promise.all([signOn(person("first-a"), undefined, TEST_META), signOn(person("first-b"), undefined, TEST_META)]);
    expect(results).toEqual([
      { ok: false, reason: "no_admin_yet" },
      { ok: false, reason: "no_admin_yet" },
    ]);
    expect(await db.user.count()).toBe(0);
    expect(await db.userIdentity.count()).toBe(0);
    const refused = await db.auditEvent.findMany({ where: { action: "user.sso_refused" }, select: { actorEmail: true, detail: true } });
    expect(refused).toHaveLength(2);
  });

  it("links the admin the operator made, and makes members after it", async () => {
    const admin = await makeUser({ email: "operator-made@example.test" }); // the first: the admin
    expect(await signOn(person("operator-made"), undefined, TEST_META)).toMatchObject({
      ok: true,
      provisioned: false,
      user: { id: admin.id, role: "ADMIN" },
    });
    expect(await signOn(person("colleague"), undefined, TEST_META)).toMatchObject({
      ok: true,
      provisioned: true,
      user: { role: "MEMBER" },
    });
  });
});
