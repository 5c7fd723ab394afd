import { beforeAll, describe, expect, it, vi } from "vitest";

// Issue 20, finding 6b: with LEAKED_TOKEN_ACTION=notify a reported token stays, and its owner's
// details panel listed the report's audit events with the reporter's address and client. They
// are the reporter's, not the owner's to learn; admins still see them.

vi.hoisted(() => {
  process.env.LEAKED_TOKEN_ACTION = "notify";
});

import { tokenDetails, tokenDetailsForAdmin } from "@/lib/dal/token-details";
import type { SessionUser } from "@/lib/dal/users";
import { call } from "@/test/api-client";
import { makeToken, makeUser } from "@/test/fixtures";

const REPORTER_IP = "198.51.100.77";
const REPORTER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

let admin: SessionUser;
let owner: SessionUser;
beforeAll(async () => {
  admin = await makeUser(); // the first account: the admin
  owner = await makeUser();
});

describe("a token reported through the public endpoint, in notify mode", () => {
  it("shows its owner the report without the reporter's address or client; an admin sees both", async () => {
    const { secret, token } = await makeToken(owner, "reported-in-notify-mode", "WRITE");
    const answer = await call("POST", "/credentials/revoke", {
      ip: REPORTER_IP,
      headers: { "user-agent": REPORTER_AGENT },
      body: { credentials: [secret] },
    });
    expect(answer.status).toBe(202);

    const mine = (await tokenDetails(owner, token.id))!;
    expect(mine).not.toBeNull();
    const reported = mine.events.find((event) => event.action === "token.leak_reported");
    expect(reported).toBeDefined();
    expect(reported).toMatchObject({ ip: null, client: null });
    expect(JSON.stringify(mine)).not.toContain(REPORTER_IP);
    // What the owner did is still theirs to see.
    expect(mine.events.find((event) => event.action === "token.created")!.ip).not.toBeNull();

    const audited = (await tokenDetailsForAdmin(admin, token.id))!;
    expect(audited.events.find((event) => event.action === "token.leak_reported")).toMatchObject({
      ip: REPORTER_IP,
      client: expect.any(String),
    });
  });
});
