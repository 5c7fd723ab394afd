import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// A real SMTP server (smtp-server) on a port of this file's own; the notification job sends to it.
const port = vi.hoisted(() => {
  const chosen = 20_000 + Math.floor(Math.random() * 20_000);
  process.env.SMTP_URL = `smtp://127.0.0.1:${chosen}`;
  process.env.MAIL_FROM = "Token Console <tokens@console.test>";
  process.env.PUBLIC_URL = "https://tokens.console.test";
  return chosen;
});

import { addressNotices, dismissAddressNotice, warnOfNewAddresses } from "@/lib/dal/address-notices";
import { flushTokenUses } from "@/lib/dal/last-used";
import { deleteToken } from "@/lib/dal/tokens";
import { runNotifyPass } from "@/lib/jobs/notify";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";
import { startInbox, type Inbox } from "@/test/smtp-inbox";

// Issue 26: the first use of a token from an address (an IPv6 /64) it was not seen from in the
// last 30 days warns its owner, on the API Token page and by email; at most once an hour per
// token, and never for its first use ever.

let inbox: Inbox;
beforeAll(async () => {
  inbox = await startInbox(port);
});
afterAll(() => inbox.close());
afterEach(() => vi.restoreAllMocks());

const MINUTE = 60_000;
const DAY = 86_400_000;
const SUBJECT = (name: string) => `API token “${name}” was used from a new address`;

/** Uses of the token through the real API, at a clock of the test's, each written by a flush of its own. */
function usesOf(secret: string, start: number) {
  const clock = vi.spyOn(Date, "now").mockReturnValue(start);
  return async (at: number, ip: string, userAgent = "curl/8.5.0") => {
    clock.mockReturnValue(start + at);
    const answer = await call("GET", "/api", { token: secret, ip, headers: { "user-agent": userAgent } });
    expect(answer.status).toBe(200);
    await flushTokenUses();
  };
}

describe("a token used from a new address", () => {
  it("warns its owner once, not on first use, throttled to one an hour, by network, and again after 30 days", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const { secret, token } = await makeToken(owner, "deploy-bot", "READ_ONLY");
    const start = Date.now();
    const useAt = usesOf(secret, start);
    const shown = async () => (await addressNotices(owner)).map((notice) => [notice.ip, notice.client]);

    await useAt(0, "203.0.113.7");
    expect(await shown()).toEqual([]); // its first use ever

    await useAt(2 * MINUTE, "198.51.100.20", "Go-http-client/1.1");
    expect(await addressNotices(owner)).toEqual([
      {
        id: expect.any(String),
        tokenId: token.id,
        tokenName: "deploy-bot",
        tokenPrefix: token.displayPrefix,
        ip: "198.51.100.20",
        client: "Go SDK",
        seenAt: new Date(start + 2 * MINUTE).toISOString(),
      },
    ]);

    await useAt(4 * MINUTE, "198.51.100.20");
    await useAt(5 * MINUTE, "203.0.113.7");
    expect(await shown()).toHaveLength(1); // the same networks again

    await useAt(10 * MINUTE, "192.0.2.44");
    expect(await shown()).toHaveLength(1); // a third, within the hour of the last notice

    await useAt(63 * MINUTE, "192.0.2.55");
    expect(await shown()).toEqual([
      ["192.0.2.55", "curl 8.5.0"],
      ["198.51.100.20", "Go SDK"],
    ]);

    await useAt(130 * MINUTE, "2001:db8:1:2::5");
    expect(await shown()).toHaveLength(3);
    // More than an hour later: another address of the same /64, and the IPv4-mapped form of a known address.
    await useAt(200 * MINUTE, "2001:db8:1:2:ffff:ffff:1:9");
    await useAt(201 * MINUTE, "::ffff:203.0.113.7");
    expect(await shown()).toHaveLength(3);
    expect((await db.tokenNetwork.findMany({ where: { tokenId: token.id }, orderBy: { network: "asc" } })).map((n) => n.network)).toEqual([
      "192.0.2.44",
      "192.0.2.55",
      "198.51.100.20",
      "2001:db8:1:2::/64",
      "203.0.113.7",
    ]);

    // Last seen 31 days ago: new again.
    await useAt(201 * MINUTE + 31 * DAY, "203.0.113.7");
    expect((await shown())[0]).toEqual(["203.0.113.7", "curl 8.5.0"]);
    expect(await shown()).toHaveLength(4);
    // The networks not seen for 30 days are forgotten; the one seen again keeps when it was first seen.
    expect(await db.tokenNetwork.findMany({ where: { tokenId: token.id }, select: { network: true, firstSeenAt: true } })).toEqual([
      { network: "203.0.113.7", firstSeenAt: new Date(start) },
    ]);

    // Only its owner sees it or dismisses it.
    vi.restoreAllMocks();
    expect(await addressNotices(stranger)).toEqual([]);
    const [newest] = await addressNotices(owner);
    expect(await dismissAddressNotice(stranger, newest!.id)).toBe(false);
    expect(await dismissAddressNotice(owner, newest!.id)).toBe(true);
    expect(await dismissAddressNotice(owner, newest!.id)).toBe(false);
    expect(await shown()).toHaveLength(3);

    // Each notice is mailed once, even with two instances' passes at once; never with the secret.
    await Promise.all([runNotifyPass(), runNotifyPass()]);
    const mails = inbox.messages.filter((mail) => mail.subject === SUBJECT("deploy-bot"));
    expect(mails.map((mail) => mail.to)).toEqual([owner.email, owner.email, owner.email, owner.email]);
    const first = mails.find((mail) => mail.text.includes("198.51.100.20"))!;
    expect(first.text).toContain("Address: 198.51.100.20");
    expect(first.text).toContain("Client: Go SDK");
    expect(first.text).toContain(`Time: ${new Date(start + 2 * MINUTE).toISOString().slice(0, 16).replace("T", " ")} UTC`);
    expect(first.text).toContain(`Edit its allowed IPs: https://tokens.console.test/api-tokens?edit=${token.id}`);
    expect(first.text).toContain(`Delete it: https://tokens.console.test/api-tokens?delete=${token.id}`);
    for (const mail of mails) expect(mail.raw).not.toContain(secret);
    expect(JSON.stringify(await db.notification.findMany({ where: { tokenId: token.id } }))).not.toContain(secret);
    expect(JSON.stringify(await db.addressNotice.findMany({ where: { tokenId: token.id } }))).not.toContain(secret);
    await runNotifyPass();
    expect(inbox.messages.filter((mail) => mail.subject === SUBJECT("deploy-bot"))).toHaveLength(4);

    // Deleted: nothing left to warn of.
    expect(await deleteToken(owner, token.id, TEST_CONTEXT)).toEqual({ name: "deploy-bot" });
    expect(await addressNotices(owner)).toEqual([]);
  });

  it("warns of nothing when a token's first use ever arrives from two addresses in one batch", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "two-at-once", "READ_ONLY");
    const start = Date.now();
    vi.spyOn(Date, "now").mockReturnValue(start);
    expect((await call("GET", "/api", { token: secret, ip: "203.0.113.70" })).status).toBe(200);
    expect((await call("GET", "/api", { token: secret, ip: "2001:db8:9::1" })).status).toBe(200);
    await flushTokenUses();
    expect(await addressNotices(owner)).toEqual([]);
    expect(await db.tokenNetwork.count({ where: { tokenId: token.id } })).toBe(2);

    // Used now: the next new address warns.
    const useAt = usesOf(secret, start);
    await useAt(MINUTE, "198.51.100.70");
    expect((await addressNotices(owner)).map((notice) => notice.ip)).toEqual(["198.51.100.70"]);
  });

  it("leaves one notice and one email when two instances find new addresses of a token at once", async () => {
    const owner = await makeUser();
    const { token } = await makeToken(owner, "two-instances", "READ_ONLY");
    const now = new Date();
    const use = (ip: string) => ({ tokenId: token.id, network: ip, ip, client: "curl 8.5.0", at: now });
    const written = await Promise.all([warnOfNewAddresses([use("198.51.100.90")], now), warnOfNewAddresses([use("198.51.100.91")], now)]);
    expect(written.sort()).toEqual([0, 1]);
    expect(await db.addressNotice.count({ where: { tokenId: token.id } })).toBe(1);
    expect(await db.notification.count({ where: { tokenId: token.id, kind: "token.new_address" } })).toBe(1);
  });

  it("warns of nothing for a token deleted between its use and the flush", async () => {
    const owner = await makeUser();
    const { secret, token } = await makeToken(owner, "gone-before-flush", "READ_ONLY");
    const useAt = usesOf(secret, Date.now());
    await useAt(0, "203.0.113.80");
    expect((await call("GET", "/api", { token: secret, ip: "198.51.100.80" })).status).toBe(200);
    await db.apiToken.delete({ where: { id: token.id } });
    await flushTokenUses();
    expect(await db.addressNotice.count({ where: { tokenId: token.id } })).toBe(0);
    expect(await db.tokenNetwork.count({ where: { tokenId: token.id } })).toBe(0);
  });
});
