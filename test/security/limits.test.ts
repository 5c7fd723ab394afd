import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.SIGNUPS_PER_IP_PER_HOUR = "3";
  process.env.API_AUTH_FAILURES_PER_IP = "5";
  process.env.REVOCATION_REQUESTS_PER_IP_PER_MINUTE = "3";
  process.env.API_REQUESTS_PER_TOKEN_PER_MINUTE = "20";
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

import { changePasswordAction } from "@/app/(dashboard)/account/actions";
import { loginAction } from "@/app/(auth)/login/actions";
import { signupAction } from "@/app/(auth)/signup/actions";
import { flushDenials } from "@/lib/api/denials";
import { accountDelaySeconds, LOGIN_FAILED_MESSAGE, LOGIN_THROTTLED_MESSAGE, SIGNUP_THROTTLED_MESSAGE } from "@/lib/auth/sign-in";
import { db } from "@/lib/server/db";
import { verifyPassword } from "@/lib/server/passwords";
import { addressKey } from "@/lib/server/rate-limit";
import { getCurrentUser } from "@/lib/auth/session";
import { call } from "@/test/api-client";
import { actAs, makeToken, makeUser, TEST_PASSWORD } from "@/test/fixtures";
import { cookieJar, formData, fromClient, settle } from "@/test/next-request";

// The second attack's findings 1, 2 and 4: limits that one IPv6 /64 walked around, a password
// check with no limit behind a stolen session, and refused API requests that were neither
// limited nor kept out of the audit log. Each case failed on the code before the fix.

/** The n-th address of one /64, as a client rotating through its own prefix would use. */
const inPrefix = (prefix: string, n: number) => `${prefix}:${(n + 1).toString(16)}:${(n * 7 + 3).toString(16)}:${n.toString(16)}:1`;
const login = (fields: Record<string, string>) => settle(() => loginAction(null, formData(fields)));
const events = (action: string, email: string) => db.auditEvent.count({ where: { action, actorEmail: email } });

describe("the key a client address is limited under", () => {
  it.each([
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:0000:0000:0000:0009", "2001:db8:1:2::/64"],
    ["2001:db8:1:3::1", "2001:db8:1:3::/64"],
    ["::1", "::/64"],
    ["198.51.100.9", "198.51.100.9"],
    ["::ffff:198.51.100.9", "198.51.100.9"],
    ["unknown", "unknown"],
  ])("%s → %s", (ip, key) => expect(addressKey(ip)).toBe(key));
});

describe("an IPv6 client is its /64 (finding 1)", () => {
  it("login: guesses for one account from rotating addresses of one /64 are throttled after 10", async () => {
    await makeUser({ email: "v6-login@example.test", password: "the-real-password" });
    cookieJar.clear();
    const answers: string[] = [];
    for (let n = 0; n < 12; n++) {
      fromClient(inPrefix("2001:db8:aa:1", n));
      const result = await login({ email: "v6-login@example.test", password: `guess-${n}` });
      answers.push("returned" in result ? String((result.returned as { message?: string })?.message) : "redirected");
    }
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(LOGIN_FAILED_MESSAGE));
    expect(answers.slice(10)).toEqual([LOGIN_THROTTLED_MESSAGE, LOGIN_THROTTLED_MESSAGE]);
    expect(await events("user.login_failed", "v6-login@example.test")).toBe(10);
    // Another /64 is another client.
    fromClient("2001:db8:aa:2::1");
    expect(await login({ email: "v6-login@example.test", password: "the-real-password" })).toEqual({ redirectedTo: "/api-tokens" });
  });

  it("sign-up: a /64 gets the per-address allowance once, not per address", async () => {
    const outcomes: string[] = [];
    for (let n = 0; n < 4; n++) {
      fromClient(inPrefix("2001:db8:bb:1", n));
      cookieJar.clear();
      const result = await settle(() =>
        signupAction(null, formData({ name: "Rotating", email: `v6-signup-${n}@example.test`, password: "a-long-password" })),
      );
      outcomes.push("redirectedTo" in result ? "signed up" : String((result.returned as { message?: string })?.message));
    }
    expect(outcomes).toEqual(["signed up", "signed up", "signed up", SIGNUP_THROTTLED_MESSAGE]);
    expect(await db.user.count({ where: { email: "v6-signup-3@example.test" } })).toBe(0);
  });

  it("failed API authentications: junk tokens from one /64 draw a 429 after the allowance", async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 7; n++)
      statuses.push((await call("GET", "/account/info", { token: "junk", ip: inPrefix("2001:db8:cc:1", n) })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // An IPv4 client behind an IPv6 socket is that IPv4 client.
    const v4: number[] = [];
    for (let n = 0; n < 6; n++)
      v4.push((await call("GET", "/api", { token: "junk", ip: n % 2 ? "192.0.2.77" : "::ffff:192.0.2.77" })).status);
    expect(v4).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("the public revocation endpoint: one /64 gets one allowance", async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++)
      statuses.push(
        (await call("POST", "/credentials/revoke", { body: { credentials: ["tkc_nothing"] }, ip: inPrefix("2001:db8:dd:1", n) })).status,
      );
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});

describe("a failed-login limit per account, whatever the address (finding 1)", () => {
  it("slows a botnet of IPv4 addresses to a few guesses, tells the wait, and lets the owner in from a known address", async () => {
    const email = "botnet-target@example.test";
    await makeUser({ email, password: "owner-password" });
    fromClient("192.0.2.50");
    cookieJar.clear();
    expect(await login({ email, password: "owner-password" })).toEqual({ redirectedTo: "/api-tokens" });

    cookieJar.clear();
    const answers: string[] = [];
    for (let n = 0; n < 40; n++) {
      fromClient(`198.51.${100 + Math.floor(n / 200)}.${(n % 200) + 1}`);
      const result = await login({ email, password: `botnet-guess-${n}` });
      answers.push(String((result as { returned: { message: string } }).returned.message));
    }
    const checked = answers.filter((message) => message === LOGIN_FAILED_MESSAGE).length;
    // Ten free failures, then one attempt per growing delay: the eleventh, and no more within a second.
    expect(checked).toBe(11);
    expect(await events("user.login_failed", email)).toBe(11);
    expect(
      answers
        .slice(11)
        .every((message) => /^This account has had too many failed sign-in attempts\. Try again in \d+ seconds\.$/.test(message)),
    ).toBe(true);

    // From an address it has never signed in from, the owner is told how long to wait: a delay, not a lock.
    fromClient("203.0.113.99");
    const elsewhere = await login({ email, password: "owner-password" });
    expect(elsewhere).toEqual({ returned: expect.objectContaining({ message: expect.stringMatching(/Try again in \d+ seconds/) }) });
    // From the address it signed in from before, the right password gets in at once.
    fromClient("192.0.2.50");
    expect(await login({ email, password: "owner-password" })).toEqual({ redirectedTo: "/api-tokens" });
  });

  it("no one address can sit on the account's turns; a browser that signed in before skips the slowdown", async () => {
    const email = "sat-on@example.test";
    await makeUser({ email, password: "owner-password" });
    fromClient("192.0.2.70");
    cookieJar.clear();
    expect(await login({ email, password: "owner-password" })).toEqual({ redirectedTo: "/api-tokens" });
    const ownersBrowser = cookieJar.snapshot();

    // Ten failures from one address, the eleventh from another takes the turn…
    cookieJar.clear();
    fromClient("198.51.100.71");
    for (let n = 0; n < 10; n++) await login({ email, password: `guess-${n}` });
    fromClient("198.51.100.72");
    await login({ email, password: "guess-10" });
    // …and polling from that address for the next turn spends its allowance: it cannot keep the turn.
    const polls: string[] = [];
    for (let n = 0; n < 12; n++)
      polls.push(String(((await login({ email, password: `poll-${n}` })) as { returned: { message: string } }).returned.message));
    expect(polls.slice(0, 9).every((message) => message.startsWith("This account has had too many failed sign-in attempts"))).toBe(true);
    expect(polls.slice(9)).toEqual([LOGIN_THROTTLED_MESSAGE, LOGIN_THROTTLED_MESSAGE, LOGIN_THROTTLED_MESSAGE]);

    // The owner's own browser, from an address it has never used (a train, a new network): straight in.
    fromClient("203.0.113.170");
    cookieJar.restore(ownersBrowser);
    expect(await login({ email, password: "owner-password" })).toEqual({ redirectedTo: "/api-tokens" });
  });

  it("grows the delay from the eleventh failure, doubling up to three minutes", () => {
    expect([10, 11, 12, 13, 16, 18, 19, 40].map(accountDelaySeconds)).toEqual([0, 1, 2, 4, 32, 128, 180, 180]);
  });
});

describe("Change password checks the current password within the login limits (finding 2)", () => {
  const change = (currentPassword: string) =>
    settle(() =>
      changePasswordAction(
        null,
        formData({ currentPassword, newPassword: "a-brand-new-password", confirmPassword: "a-brand-new-password" }),
      ),
    );

  it("audits every wrong guess and ends the session after five", async () => {
    const user = await makeUser({ email: "stolen-session@example.test" });
    fromClient("192.0.2.60");
    await actAs(user);
    for (let n = 0; n < 4; n++)
      expect(await change(`guess-${n}`)).toMatchObject({ returned: { ok: false, message: "That is not your current password." } });
    expect(await getCurrentUser()).not.toBeNull();
    expect(await change("guess-4")).toEqual({ redirectedTo: "/login?ended=password-failures" });
    expect(await getCurrentUser()).toBeNull();
    expect(await events("user.password_change_failed", user.email)).toBe(5);
    // The session is gone for every copy of its cookie; the password never changed.
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash, TEST_PASSWORD)).toBe(true);
  });

  it("is refused, without checking the password, once the address has spent the account's login allowance", async () => {
    const user = await makeUser({ email: "throttled-change@example.test" });
    fromClient("192.0.2.61");
    cookieJar.clear();
    for (let n = 0; n < 10; n++) await login({ email: user.email, password: `guess-${n}` });
    await actAs(user);
    expect(await change(TEST_PASSWORD)).toMatchObject({ returned: { ok: false, message: LOGIN_THROTTLED_MESSAGE } });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(await events("user.password_change_failed", user.email)).toBe(0);
  });
});

describe("refused API requests count against the token's limit and are audited once a minute (finding 4)", () => {
  it("a Read-Only token flooding a write route: 429 past the limit, two audit rows with the count", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "flood-read-only", "READ_ONLY");
    const statuses: number[] = [];
    for (let n = 0; n < 30; n++) statuses.push((await call("POST", "/api/generate", { token: secret, body: { name: `x${n}` } })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(403));
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    const denied = () =>
      db.auditEvent.findMany({ where: { action: "api.denied", targetTokenId: token.id }, orderBy: { createdAt: "asc" } });
    expect(await denied()).toHaveLength(1);
    await flushDenials({ all: true });
    const rows = await denied();
    expect(rows.map((row) => row.detail)).toEqual([
      "POST /v2/api/generate: lacks api_keys:write",
      expect.stringMatching(/^POST \/v2\/api\/generate: lacks api_keys:write \(19 requests refused like this in \d+ s\)$/),
    ]);
  });

  it("a stolen, IP-restricted token refused from elsewhere cannot spend its owner's allowance", async () => {
    const owner = await makeUser();
    const { secret } = await makeToken(owner, "flood-owner", "WRITE");
    const made = await call("POST", "/api/generate", { token: secret, body: { name: "pinned-owner", allowed_ips: ["203.0.113.0/24"] } });
    const key = made.json!.apikey as string;
    for (let n = 0; n < 25; n++) await call("GET", "/account/info", { token: key, ip: "198.51.100.201" });
    expect((await call("GET", "/account/info", { token: key, ip: "198.51.100.201" })).status).toBe(429);
    // The owner's own client, from an allowed address, is still served.
    expect((await call("GET", "/account/info", { token: key, ip: "203.0.113.9" })).status).toBe(200);
  });

  it("a rolled key's previous secret flooding key management: limited, and audited once a minute", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "flood-rolled", "WRITE");
    expect((await call("POST", `/api/${token.id}/roll`, { token: secret, body: { grace_seconds: 3600 } })).status).toBe(200);
    const statuses: number[] = [];
    for (let n = 0; n < 25; n++) statuses.push((await call("POST", `/api/${token.id}/roll`, { token: secret, body: {} })).status);
    // The roll and these calls spend the token's allowance of 20 (the previous secret is the token): 19 refusals, then 429.
    expect(statuses.slice(0, 19)).toEqual(Array(19).fill(403));
    expect(statuses.slice(19)).toEqual(Array(6).fill(429));
    await flushDenials({ all: true });
    const rows = await db.auditEvent.findMany({ where: { action: "api.denied", targetTokenId: token.id } });
    expect(rows).toHaveLength(2);
  });

  it("an IP-restricted token used from outside its addresses: the same", async () => {
    const owner = await makeUser();
    const { secret } = await makeToken(owner, "flood-writer", "WRITE");
    const made = await call("POST", "/api/generate", { token: secret, body: { name: "pinned-flood", allowed_ips: ["203.0.113.0/24"] } });
    const key = made.json!.apikey as string;
    const statuses: number[] = [];
    for (let n = 0; n < 25; n++) statuses.push((await call("GET", "/account/info", { token: key, ip: "198.51.100.200" })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(403));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    await flushDenials({ all: true });
    const rows = await db.auditEvent.findMany({ where: { action: "api.denied", targetTokenId: made.json!.id as string } });
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.ip === "198.51.100.200")).toBe(true);
  });
});
