import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// With SMTP_URL and PUBLIC_URL set, an invitation is mailed to the invited address: a real
// SMTP server on a port of this file's own (3930–3939), the link built from PUBLIC_URL only.
const port = vi.hoisted(() => {
  const chosen = 3937;
  process.env.SMTP_URL = `smtp://127.0.0.1:${chosen}`;
  process.env.MAIL_FROM = "Token Console <tokens@console.test>";
  process.env.PUBLIC_URL = "https://tokens.console.test";
  return chosen;
});
vi.mock("next/headers", () => import("@/test/next-request").then((m) => m.nextHeaders));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("next/navigation", () => import("next/dist/client/components/navigation.react-server.js"));

import { inviteMemberAction } from "@/app/(dashboard)/teams/actions";
import { createTeam } from "@/lib/dal/teams";
import { actAs, makeUser, TEST_CONTEXT } from "@/test/fixtures";
import { formData, fromClient } from "@/test/next-request";
import { startInbox, type Inbox } from "@/test/smtp-inbox";

let inbox: Inbox;
beforeAll(async () => {
  inbox = await startInbox(port);
});
afterAll(() => inbox.close());

describe("invitation email", () => {
  it("mails the link (from PUBLIC_URL, never the request's host) to the invited address", async () => {
    await makeUser();
    const owner = await makeUser({ name: "Ada Owner" });
    const created = await createTeam(owner, { name: `Mailed ${Date.now()}` }, TEST_CONTEXT);
    if (!created.ok) throw new Error(created.reason);
    fromClient("198.51.100.4", { host: "evil.example" });
    await actAs(owner);
    const answer = await inviteMemberAction(null, formData({ teamId: created.team.id, email: "Grace@Mail.Test", role: "admin" }));
    if (!answer?.ok) throw new Error("not invited");
    expect(answer.data.mailed).toBe(true);
    expect(answer.data.link).toMatch(/^https:\/\/tokens\.console\.test\/invitations#token=[A-Za-z0-9_-]{43}$/);
    const mail = await inbox.next("grace@mail.test");
    expect(mail.subject).toContain(created.team.name);
    expect(mail.text).toContain(answer.data.link);
    expect(mail.text).toContain("Ada Owner invited you");
    expect(mail.text).not.toContain("evil.example");
  });
});
