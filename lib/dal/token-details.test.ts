import { beforeAll, describe, expect, it } from "vitest";
import { NotAuthorized, type SessionUser } from "@/lib/dal/access";
import { tokenDetails, tokenDetailsForAdmin } from "@/lib/dal/token-details";
import { updateToken } from "@/lib/dal/token-lifecycle";
import { createToken, deleteToken, recordTokenUse } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { makeAdmin, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// The details panel's data against a real database: how the token was made, where it was
// used, its own events; for its owner and an admin only; gone with the token.

let admin: SessionUser;
let owner: SessionUser;
beforeAll(async () => {
  admin = await makeAdmin();
  owner = await makeUser();
});

describe("token details", () => {
  it("say how a token was made (through the API, with which token), where it was used, and what happened to it", async () => {
    const maker = await makeToken(owner, "maker", "WRITE");
    const made = await createToken(
      owner,
      { name: "made-by-api", scope: "READ_ONLY", description: "from a script", allowedIps: ["203.0.113.0/24"] },
      { meta: { ip: "198.51.100.9", userAgent: "Go-http-client/1.1" }, viaTokenId: maker.token.id },
    );
    if (!made.ok) throw new Error(made.reason);
    const id = made.token.id;
    const t0 = Date.now() - 3_600_000;
    await recordTokenUse(id, new Date(t0), { ip: "203.0.113.5", client: "curl 8.5.0" });
    await recordTokenUse(id, new Date(t0 + 60_000), { ip: "203.0.113.6", client: "Go SDK" });
    await recordTokenUse(id, new Date(t0 + 120_000), { ip: "203.0.113.5", client: "curl 8.6.0" });
    await updateToken(owner, id, { description: "from the nightly script" }, TEST_CONTEXT);

    const details = await tokenDetails(owner, id);
    expect(details).toMatchObject({
      id,
      name: "made-by-api",
      description: "from the nightly script",
      allowedIps: ["203.0.113.0/24"],
      owner: { email: owner.email },
      lastUsedAt: new Date(t0 + 120_000).toISOString(),
      lastUsedIp: "203.0.113.5",
      lastUsedClient: "curl 8.6.0",
      created: { ip: "198.51.100.9", client: "Go SDK", viaToken: { id: maker.token.id, name: "maker" } },
      addresses: [
        { ip: "203.0.113.5", client: "curl 8.6.0", lastSeenAt: new Date(t0 + 120_000).toISOString() },
        { ip: "203.0.113.6", client: "Go SDK", lastSeenAt: new Date(t0 + 60_000).toISOString() },
      ],
    });
    expect(details!.events.map((event) => event.action)).toEqual(["token.updated", "token.created"]);
    expect(details!.events[0]).toMatchObject({ detail: "description: “from a script” → “from the nightly script”", ip: "203.0.113.7" });

    // The token that made it is deleted later: the panel still says it came through the API.
    await deleteToken(owner, maker.token.id, TEST_CONTEXT);
    expect((await tokenDetails(owner, id))!.created).toMatchObject({ viaToken: { id: maker.token.id, name: null } });
  });

  it("are the owner's and an admin's only, and the addresses go with the token", async () => {
    const { token } = await makeToken(owner, "private", "READ_ONLY");
    await recordTokenUse(token.id, new Date(), { ip: "192.0.2.1", client: "curl 8.5.0" });
    const stranger = await makeUser();
    expect(await tokenDetails(stranger, token.id)).toBeNull();
    expect(await tokenDetails(owner, "no-such-token")).toBeNull();
    await expect(tokenDetailsForAdmin(stranger, token.id)).rejects.toBeInstanceOf(NotAuthorized);
    expect(await tokenDetailsForAdmin(admin, token.id)).toMatchObject({ id: token.id, created: { viaToken: null } });

    expect(await db.tokenAddress.count({ where: { tokenId: token.id } })).toBe(1);
    await deleteToken(owner, token.id, TEST_CONTEXT);
    expect(await db.tokenAddress.count({ where: { tokenId: token.id } })).toBe(0);
  });
});
