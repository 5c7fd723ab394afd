import { describe, expect, it } from "vitest";
import { createToken } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { call } from "@/test/api-client";
import { inTeam, makeTeam, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// The platform API with a team token (issue 27): it acts for its team. GET /v2/api lists the
// team's tokens, POST /v2/api/generate makes team tokens, and it keeps working when its creator
// leaves or is disabled; in the Go SDK's shapes, unchanged.

async function teamToken(scope: "READ_ONLY" | "WRITE" = "WRITE") {
  const [owner, member, stranger] = await Promise.all([makeUser(), makeUser(), makeUser()]);
  const team = await makeTeam([
    [owner, "owner"],
    [member, "member"],
  ]);
  const made = await createToken(inTeam(owner, team), { name: `team-${scope}`, scope }, TEST_CONTEXT);
  if (!made.ok) throw new Error(made.reason);
  return { owner, member, stranger, team, id: made.token.id, secret: made.secret };
}

describe("the API with a team token", () => {
  it("lists the team's tokens, not its creator's own, in the platform's shape", async () => {
    const { owner, secret } = await teamToken();
    await makeToken(owner, "owner-personal", "WRITE");
    const answer = await call("GET", "/api", { token: secret });
    expect(answer.status).toBe(200);
    const api = (answer.json as { api: Array<{ name: string; write: string }> }).api;
    expect(api.map((key) => [key.name, key.write])).toEqual([["team-WRITE", "1"]]);
    // The personal token of the same person lists only the person's own.
    const personal = await makeToken(owner, "owner-reader", "READ_ONLY");
    const own = (await call("GET", "/api", { token: personal.secret })).json as { api: Array<{ name: string }> };
    expect(own.api.map((key) => key.name).sort()).toEqual(["owner-personal", "owner-reader"]);
  });

  it("makes team tokens, which its team's members then see, within the calling token's own grant", async () => {
    const { team, secret } = await teamToken();
    const made = await call("POST", "/api/generate", { token: secret, body: { name: "from-ci", write: "1" } });
    expect(made.status).toBe(200);
    expect(made.json).toMatchObject({ status: "success", message: "New API has been created", write: "1" });
    const row = await db.apiToken.findFirstOrThrow({ where: { name: "from-ci" }, select: { ownerId: true, teamId: true } });
    expect(row).toEqual({ ownerId: team.id, teamId: team.id });
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "token.created", targetTokenName: "from-ci" } });
    expect(event).toMatchObject({ teamId: team.id, teamName: team.name });
    // Names are the team's: a second one is a duplicate.
    const again = await call("POST", "/api/generate", { token: secret, body: { name: "FROM-CI" } });
    expect(again.status).toBe(422);
    expect(again.json).toMatchObject({ status: "error", errors: [{ code: "duplicate_name" }] });

    // A Read-Only team token has no api_keys:write: it makes nothing.
    const reader = await teamToken("READ_ONLY");
    expect((await call("POST", "/api/generate", { token: reader.secret, body: { name: "nope" } })).status).toBe(403);
  });

  it("says in account/info that it is the team's", async () => {
    const { owner, team, secret } = await teamToken();
    const info = await call("GET", "/account/info", { token: secret });
    expect(info.status).toBe(200);
    expect(info.json).toMatchObject({ status: "success", team: { id: team.id, name: team.name }, user: { id: owner.id, type: "team" } });
    const personal = await makeToken(owner, "mine", "READ_ONLY");
    const own = await call("GET", "/account/info", { token: personal.secret });
    expect(own.json).toMatchObject({ user: { type: "individual" } });
    expect(own.json).not.toHaveProperty("team");
  });

  it("reaches no other team's token and no person's, and a person's token reaches none of the team's", async () => {
    const a = await teamToken();
    const b = await teamToken();
    const personal = await makeToken(a.owner, "personal-write", "WRITE");
    for (const [token, id] of [
      [a.secret, b.id],
      [a.secret, personal.token.id],
      [personal.secret, a.id],
    ] as const) {
      expect((await call("DELETE", `/api/${id}/delete`, { token })).status).toBe(404);
      expect((await call("POST", `/api/${id}/roll`, { token, body: { grace_seconds: 0 } })).status).toBe(404);
      expect((await call("PATCH", `/api/${id}`, { token, body: { name: "taken" } })).status).toBe(404);
      expect((await call("GET", `/api/${id}/usage`, { token })).status).toBe(404);
    }
    expect(await db.apiToken.count({ where: { id: { in: [a.id, b.id, personal.token.id] } } })).toBe(3);
  });

  it("keeps working after its creator leaves the team and is disabled", async () => {
    const { owner, team, secret } = await teamToken();
    await db.teamMember.delete({ where: { teamId_userId: { teamId: team.id, userId: owner.id } } });
    await db.user.update({ where: { id: owner.id }, data: { disabledAt: new Date() } });
    expect((await call("GET", "/api", { token: secret })).status).toBe(200);
    expect((await call("POST", "/api/generate", { token: secret, body: { name: "still-here" } })).status).toBe(200);
  });
});
