import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Issue 29: webhooks, end to end through the real outbox, the real delivery job and a real
// receiver on loopback (allowed here, as WEBHOOK_ALLOW_PRIVATE=1 allows it).
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE = "1";
});

import { Webhook } from "standardwebhooks";
import type { SessionUser } from "@/lib/dal/access";
import { appendEvent } from "@/lib/dal/audit";
import { deleteToken, revokeTokenAsAdmin } from "@/lib/dal/tokens";
import {
  BACKOFF_MS,
  claimDueDeliveries,
  createEndpoint,
  endpointDetails,
  enqueueTestEvent,
  listEndpoints,
  rotateSecret,
  setEndpointEnabled,
  type EndpointInput,
  type EndpointOwner,
} from "@/lib/dal/webhooks";
import type { Prisma } from "@/lib/generated/prisma/client";
import { runWebhookPass } from "@/lib/jobs/webhooks";
import { db } from "@/lib/server/db";
import { makeAdmin, makeToken, makeUser } from "@/test/fixtures";
import { makeTeam, makeTeamToken } from "@/test/team-fixtures";
import { startReceiver } from "@/test/webhook-receiver";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let alice: SessionUser;
let bob: SessionUser;
let admin: SessionUser;
const META = { meta: { ip: "203.0.113.5", userAgent: "vitest", at: new Date() } };

beforeAll(async () => {
  receiver = await startReceiver();
  // One after the other: the first account of a database is its admin.
  admin = await makeAdmin();
  alice = await makeUser();
  bob = await makeUser();
});
afterAll(() => receiver.close());
beforeEach(async () => {
  // Each test's endpoints only: the ones before are gone, their deliveries with them.
  await db.webhookEndpoint.deleteMany({});
  receiver.received.length = 0;
  receiver.answer({ status: 200, body: "ok" });
});

const audit = (user: SessionUser) => (tx: Prisma.TransactionClient, action: Parameters<typeof appendEvent>[1]["action"], detail: string) =>
  appendEvent(tx, { action, actor: { userId: user.id, email: user.email }, detail, meta: { ip: null, userAgent: null, at: new Date() } });

async function endpoint(user: SessionUser, owner: EndpointOwner, path: string, input: Partial<EndpointInput> = {}) {
  const made = await createEndpoint(
    user,
    owner,
    { url: receiver.url(path), description: "", events: ["*"], format: "standard", ...input },
    audit(user),
  );
  if (!made.ok) throw new Error(made.reason);
  return made;
}

const bodies = (path: string) =>
  receiver.received.filter((r) => r.path === path).map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
const later = (ms: number) => new Date(Date.now() + ms);

describe("who hears of what", () => {
  it("a user's endpoint hears of their own tokens only, a team's of the team's tokens, the installation's of everything", async () => {
    const mine = await endpoint(alice, { kind: "user" }, "/alice");
    await endpoint(bob, { kind: "user" }, "/bob");
    await endpoint(admin, { kind: "installation" }, "/admins");
    const team = await makeTeam(`Hooks ${Date.now()}`, [
      [alice, "owner"],
      [bob, "member"],
    ]);
    await endpoint(alice, { kind: "team", teamId: team.id }, "/team");

    const { token } = await makeToken(alice, `alice-${Date.now()}`, "READ_ONLY");
    await makeTeamToken(bob, team, `team-${Date.now()}`);
    await runWebhookPass();

    expect(bodies("/alice").map((b) => b.type)).toEqual(["token.created"]);
    expect((bodies("/alice")[0]!.data.token as { id: string }).id).toBe(token.id);
    // A preset token's payload lists what it holds, as the API does: a Read-Only token's every read, no write.
    const held = (bodies("/alice")[0]!.data.token as { permissions: string[] }).permissions;
    expect(held).toEqual(expect.arrayContaining(["account:read", "api_keys:read", "dns:read"]));
    expect(held.filter((permission) => permission.endsWith(":write"))).toEqual([]);
    expect(bodies("/bob")).toEqual([]); // bob's own endpoint: his team token is the team's, not his
    expect(bodies("/team").map((b) => b.type)).toEqual(["token.created"]);
    // The installation's hears of both, and of the endpoints being added (every event).
    expect(bodies("/admins").map((b) => b.type)).toEqual(expect.arrayContaining(["token.created", "token.created", "webhook.created"]));
    // A user's endpoint never carries another person's email or address; the installation's does.
    expect(receiver.received.find((r) => r.path === "/alice")!.body).not.toContain("@");
    expect(JSON.stringify(bodies("/admins"))).toContain(alice.email);

    // Nobody but its owner reads an endpoint, or its log.
    expect(await endpointDetails(bob, mine.id)).toBeNull();
    expect(await endpointDetails(admin, mine.id)).toBeNull();
    expect((await endpointDetails(alice, mine.id))?.deliveries).toHaveLength(1);
  });

  it("a member adds no team endpoint, nor anyone but an admin an installation's", async () => {
    const team = await makeTeam(`Members ${Date.now()}`, [
      [alice, "owner"],
      [bob, "member"],
    ]);
    const input = { url: receiver.url("/x"), description: "", events: ["*"], format: "standard" as const };
    expect(await createEndpoint(bob, { kind: "team", teamId: team.id }, input, audit(bob))).toEqual({ ok: false, reason: "not_allowed" });
    expect(await createEndpoint(bob, { kind: "installation" }, input, audit(bob))).toEqual({ ok: false, reason: "not_allowed" });
    expect(await createEndpoint(bob, { kind: "team", teamId: "no-such-team" }, input, audit(bob))).toEqual({
      ok: false,
      reason: "not_allowed",
    });
    expect(await listEndpoints(bob, { kind: "installation" })).toBeNull();
    expect(await db.webhookEndpoint.count()).toBe(0);
  });

  it("an event filter: only the events asked for; revocations of every kind are token.revoked", async () => {
    await endpoint(alice, { kind: "user" }, "/revoked", { events: ["token.revoked", "token.deleted"] });
    const { token: one } = await makeToken(alice, `one-${Date.now()}`, "READ_ONLY");
    const { token: two } = await makeToken(alice, `two-${Date.now()}`, "READ_ONLY");
    await deleteToken(alice, one.id, META);
    await revokeTokenAsAdmin(admin, two.id, META);
    await runWebhookPass();
    expect(bodies("/revoked").map((b) => b.type)).toEqual(expect.arrayContaining(["token.deleted", "token.revoked"]));
    expect(bodies("/revoked")).toHaveLength(2);
  });
});

describe("delivery", () => {
  it("is signed per Standard Webhooks: the reference library verifies it; after a rotation both secrets sign for a day", async () => {
    const made = await endpoint(alice, { kind: "user" }, "/signed");
    expect(made.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    await makeToken(alice, `signed-${Date.now()}`, "READ_ONLY");
    await runWebhookPass();
    const [first] = receiver.received;
    const headers = first!.headers as Record<string, string>;
    expect(headers["webhook-id"]).toMatch(/^msg_/);
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(new Webhook(made.secret).verify(first!.body, headers)).toMatchObject({ type: "token.created" });
    expect(() =>
      new Webhook(`whsec_${Buffer.from("another secret entirely 0123").toString("base64")}`).verify(first!.body, headers),
    ).toThrow();

    const rotated = (await rotateSecret(alice, made.id, audit(alice)))!;
    expect(rotated).not.toBe(made.secret);
    await enqueueTestEvent(alice, made.id);
    await runWebhookPass();
    const last = receiver.received.at(-1)!;
    const lastHeaders = last.headers as Record<string, string>;
    expect(lastHeaders["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(rotated).verify(last.body, lastHeaders)).toMatchObject({ type: "webhook.test" });
    expect(new Webhook(made.secret).verify(last.body, lastHeaders)).toMatchObject({ type: "webhook.test" });
    // Past the overlap, only the new one signs.
    await enqueueTestEvent(alice, made.id);
    await runWebhookPass(later(25 * 3_600_000));
    expect((receiver.received.at(-1)!.headers as Record<string, string>)["webhook-signature"]!.split(" ")).toHaveLength(1);
  });

  it("survives a receiver that is down and a claim never recorded (test/faults/webhook-killed.test.ts kills a real process): delivered once both come back, one webhook-id", async () => {
    const made = await endpoint(alice, { kind: "user" }, "/down");
    // Committed with the event; no server has sent it yet (it was killed before its pass).
    const { token } = await makeToken(alice, `down-${Date.now()}`, "READ_ONLY");
    const waiting = await db.webhookDelivery.findMany({ where: { endpointId: made.id } });
    expect(waiting).toMatchObject([{ state: "pending", attempts: 0, eventType: "token.created" }]);

    // The receiver is down: the attempt fails and is retried after the backoff.
    receiver.answer({ status: 503, body: "maintenance" });
    expect(await runWebhookPass()).toMatchObject({ delivered: 0, retrying: 1 });
    const retry = (await db.webhookDelivery.findUniqueOrThrow({ where: { id: waiting[0]!.id } }))!;
    expect(retry.nextAttemptAt.getTime() - retry.lastAttemptAt!.getTime()).toBe(BACKOFF_MS[0]);
    expect(await runWebhookPass()).toMatchObject({ delivered: 0, retrying: 0 }); // not yet due

    // A server claims it and dies mid-send: its lease keeps the others off, then runs out.
    receiver.answer({ status: 200, body: "ok" });
    expect(await claimDueDeliveries(later(6_000))).toHaveLength(1);
    expect(await runWebhookPass(later(7_000))).toMatchObject({ delivered: 0 });
    expect(await runWebhookPass(later(70_000))).toMatchObject({ delivered: 1 });
    expect(await runWebhookPass(later(200_000))).toMatchObject({ delivered: 0, retrying: 0 });

    const arrived = receiver.received.filter((r) => r.path === "/down");
    // Two attempts reached the receiver (503, then 200), both under the delivery's one id; none after the success.
    expect(arrived.map((r) => r.headers["webhook-id"])).toEqual([waiting[0]!.id, waiting[0]!.id]);
    expect((JSON.parse(arrived[1]!.body) as { data: { token: { id: string } } }).data.token.id).toBe(token.id);
    expect(arrived[0]!.body).toBe(arrived[1]!.body);
  });

  it("backs off exponentially for 24 hours, then gives up and disables the endpoint, which holds no new events until enabled", async () => {
    const made = await endpoint(alice, { kind: "user" }, "/failing");
    receiver.answer({ status: 500, body: "x".repeat(2000) });
    await makeToken(alice, `failing-${Date.now()}`, "READ_ONLY");
    const start = Date.now();
    const waits: number[] = [];
    let at = start;
    for (let i = 0; i < 30; i++) {
      await runWebhookPass(new Date(at));
      const row = (await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: made.id } }))!;
      if (row.state !== "pending") break;
      waits.push(row.nextAttemptAt.getTime() - at);
      at = row.nextAttemptAt.getTime();
    }
    expect(waits.slice(0, 5)).toEqual(BACKOFF_MS.slice(0, 5));
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]!);
    const failed = (await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: made.id } }))!;
    expect(failed.state).toBe("failed");
    expect(at - start).toBeLessThanOrEqual(24 * 3_600_000);
    // The log keeps the status and the first bytes of the answer.
    expect(failed.responseStatus).toBe(500);
    expect(failed.responseBody!.length).toBe(512);

    const details = (await endpointDetails(alice, made.id))!;
    expect(details.endpoint).toMatchObject({ enabled: false, disabledReason: "failing" });
    expect(details.deliveries[0]).toMatchObject({ state: "failed", responseStatus: 500 });

    await makeToken(alice, `held-${Date.now()}`, "READ_ONLY");
    expect(await db.webhookDelivery.count({ where: { endpointId: made.id } })).toBe(1);
    expect(await setEndpointEnabled(alice, made.id, true, audit(alice))).toBe(true);
    expect(await setEndpointEnabled(bob, made.id, false, audit(bob))).toBe(false);
  });

  it("does not follow a redirect: a public URL cannot bounce a delivery to a private address", async () => {
    const made = await endpoint(alice, { kind: "user" }, "/redirect");
    receiver.answer({ status: 302, headers: { location: "http://169.254.169.254/latest/meta-data/" } });
    await enqueueTestEvent(alice, made.id);
    await runWebhookPass();
    expect(receiver.received.filter((r) => r.path !== "/redirect")).toEqual([]);
    const row = (await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: made.id } }))!;
    expect(row).toMatchObject({ state: "pending", responseStatus: 302 });
    expect(row.lastError).toMatch(/redirect/);
  });

  it("says in words why a connection failed: nothing listening is a refused connection, its code kept", async () => {
    const closed = await startReceiver();
    const url = closed.url("/gone");
    await closed.close();
    const made = await createEndpoint(alice, { kind: "user" }, { url, description: "", events: ["*"], format: "standard" }, audit(alice));
    await enqueueTestEvent(alice, made.ok ? made.id : "");
    await runWebhookPass();
    const row = (await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: made.ok ? made.id : "" } }))!;
    expect(row).toMatchObject({ state: "pending", responseStatus: null });
    expect(row.lastError).toBe("The connection was refused: nothing listens at that address and port (ECONNREFUSED).");
  });

  it('speaks Slack\'s incoming-webhook format when asked: {"text": …}', async () => {
    await endpoint(alice, { kind: "user" }, "/slack", { format: "slack", events: ["token.created"] });
    const name = `slack-${Date.now()}`;
    await makeToken(alice, name, "READ_ONLY");
    await runWebhookPass();
    const [slack] = receiver.received.filter((r) => r.path === "/slack");
    const body = JSON.parse(slack!.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["text"]);
    expect(body.text).toContain("token.created");
    expect(body.text).toContain(name);
  });

  it("escapes Slack's markup in what users choose: a token named <!channel> pings nobody and links nowhere", async () => {
    await endpoint(alice, { kind: "user" }, "/slack-markup", { format: "slack", events: ["token.created"] });
    await makeToken(alice, "<!channel> <https://evil.example/login|Sign in again> & co", "READ_ONLY");
    await runWebhookPass();
    const [slack] = receiver.received.filter((r) => r.path === "/slack-markup");
    const { text } = JSON.parse(slack!.body) as { text: string };
    expect(text).toContain("&lt;!channel&gt; &lt;https://evil.example/login|Sign in again&gt; &amp; co");
    expect(text).not.toMatch(/<|>/);
  });
});
