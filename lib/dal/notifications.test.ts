import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// A real SMTP server (smtp-server) on a port of this file's own; the job sends to it.
const port = vi.hoisted(() => {
  const chosen = 20_000 + Math.floor(Math.random() * 20_000);
  process.env.SMTP_URL = `smtp://127.0.0.1:${chosen}`;
  process.env.MAIL_FROM = "Token Console <tokens@console.test>";
  process.env.PUBLIC_URL = "https://tokens.console.test";
  return chosen;
});

import { createToken, revokeTokenAsAdmin } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { runNotifyPass } from "@/lib/jobs/notify";
import { makeAdmin, makeUser, TEST_META } from "@/test/fixtures";
import { startInbox, type Inbox } from "@/test/smtp-inbox";

/** Recipients the server refuses once (a full mailbox, a greylisting server). */
const refuseOnce = new Set<string>();
let inbox: Inbox;
beforeAll(async () => {
  inbox = await startInbox(port, { refuseOnce });
});
afterAll(() => inbox.close());

const DAY = 86_400_000;
const take = () => inbox.messages.splice(0, inbox.messages.length);

describe("email notices", () => {
  it("are sent once each: created, 7 days and 1 day before expiry, expired; never with a secret", async () => {
    const owner = await makeUser();
    const start = new Date();
    const made = await createToken(
      owner,
      { name: "nightly-backup", scope: "WRITE", expiresAt: new Date(start.getTime() + 10 * DAY) },
      {
        meta: { ...TEST_META, userAgent: "curl/8.5.0", at: start },
      },
    );
    if (!made.ok) throw new Error(made.reason);

    await runNotifyPass(start);
    const created = take();
    expect(created.map((m) => [m.to, m.subject])).toEqual([[owner.email, "New API token “nightly-backup” on your account"]]);
    expect(created[0]!.text).toContain("From: 203.0.113.7, curl 8.5.0");
    expect(created[0]!.text).toContain("Manage your tokens: https://tokens.console.test/api-tokens");
    expect(created[0]!.raw).toContain("From: Token Console <tokens@console.test>");
    // Again: nothing new.
    await runNotifyPass(start);
    expect(take()).toEqual([]);

    const at = (days: number) => new Date(start.getTime() + days * DAY);
    // Two instances' passes at once: one email per notice.
    await Promise.all([runNotifyPass(at(3.5)), runNotifyPass(at(3.5))]);
    expect(take().map((m) => m.subject)).toEqual(["API token “nightly-backup” expires in 7 days"]);
    await runNotifyPass(at(9.5));
    expect(take().map((m) => m.subject)).toEqual(["API token “nightly-backup” expires tomorrow"]);
    await runNotifyPass(at(10.01));
    await runNotifyPass(at(11));
    expect(take().map((m) => m.subject)).toEqual(["API token “nightly-backup” has expired"]);

    const everything = await db.notification.findMany({ where: { tokenId: made.token.id } });
    expect(everything.map((n) => n.kind).sort()).toEqual(["token.created", "token.expired", "token.expiring_1d", "token.expiring_7d"]);
    expect(everything.every((n) => n.sentAt !== null)).toBe(true);
    expect(await db.auditEvent.count({ where: { action: "notification.sent", detail: { contains: owner.email } } })).toBe(4);
    const stored = JSON.stringify(everything);
    expect(stored).not.toContain(made.secret);
  });

  it("tell the owner when an admin revokes a token; a token made to last 2 days gets no 7-day notice", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const start = new Date();
    const made = await createToken(
      owner,
      { name: "short", scope: "READ_ONLY", expiresAt: new Date(start.getTime() + 2 * DAY) },
      { meta: { ...TEST_META, at: start } },
    );
    if (!made.ok) throw new Error(made.reason);
    await runNotifyPass(start);
    take();
    expect(await revokeTokenAsAdmin(admin, made.token.id, { meta: TEST_META })).not.toBeNull();
    const result = await runNotifyPass(new Date(start.getTime() + 60_000));
    expect(result.sent).toBe(1);
    const [revoked] = take();
    expect(revoked).toMatchObject({ to: owner.email, subject: "API token “short” was revoked by an administrator" });
    expect(revoked!.raw).not.toContain(made.secret);
  });

  it("keep a notice the SMTP server refused, and send it on a later pass", async () => {
    const owner = await makeUser({ email: `refused-${Date.now()}@example.test` });
    const made = await createToken(owner, { name: "refused-first", scope: "READ_ONLY" }, { meta: TEST_META });
    if (!made.ok) throw new Error(made.reason);
    refuseOnce.add(owner.email);
    const down = await runNotifyPass(new Date());
    expect(down.failed).toBeGreaterThan(0);
    const waiting = await db.notification.findFirstOrThrow({ where: { tokenId: made.token.id } });
    expect(waiting.sentAt).toBeNull();
    expect(waiting.lastError).toBeTruthy();
    // After its lease (2 minutes), the next pass sends it.
    await runNotifyPass(new Date(Date.now() + 3 * 60_000));
    expect(take().map((m) => m.to)).toContain(owner.email);
  });
});
