import { describe, expect, it } from "vitest";
import { denyToken } from "@/lib/dal/approvals";
import { revocationNotices } from "@/lib/dal/revocation-notices";
import { removeMember } from "@/lib/dal/teams";
import { disableTokenAsAdmin } from "@/lib/dal/token-states";
import { revokeTokenAsAdmin } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { inTeam, makeAdmin, makeTeam, makeToken, makeUser, TEST_CONTEXT } from "@/test/fixtures";

// The attack on the owner notices (issue 28): a team token's "owner" in a notice is its creator.
// The revocation path told only an active creator; the new notice paths (admin Disable, policy
// Disable, inactivity, approve/deny) told whoever created it, even someone since removed from the
// team or offboarded. leaveRevocationNotice now decides for every path.
describe("owner notices of team tokens", () => {
  it("a person removed from the team hears nothing more of the team's tokens", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const former = await makeUser();
    const team = await makeTeam([
      [owner, "owner"],
      [former, "admin"],
    ]);
    const disabled = await makeToken(inTeam(former, team), "team-deploy", "WRITE");
    const denied = await makeToken(inTeam(former, team), "team-pending", "WRITE");
    await db.apiToken.update({ where: { id: denied.token.id }, data: { status: "pending" } });
    expect((await removeMember(owner, { teamId: team.id, userId: former.id }, TEST_CONTEXT)).ok).toBe(true);

    await disableTokenAsAdmin(admin, disabled.token.id, TEST_CONTEXT);
    await denyToken(admin, denied.token.id, "Team secret reason: prod DB migration", TEST_CONTEXT);

    expect(await revocationNotices(former)).toEqual([]);
  });

  it("an offboarded creator gets no notice, as a revocation leaves none", async () => {
    const admin = await makeAdmin();
    const owner = await makeUser();
    const creator = await makeUser();
    const team = await makeTeam([
      [owner, "owner"],
      [creator, "admin"],
    ]);
    const revoked = await makeToken(inTeam(creator, team), "team-a", "WRITE");
    const disabled = await makeToken(inTeam(creator, team), "team-b", "WRITE");
    await db.user.update({ where: { id: creator.id }, data: { disabledAt: new Date() } });

    await revokeTokenAsAdmin(admin, revoked.token.id, TEST_CONTEXT); // leaves none (existing rule)
    await disableTokenAsAdmin(admin, disabled.token.id, TEST_CONTEXT);
    // Re-enabled later, the account would read this on its API Token page.
    expect(await revocationNotices(creator)).toEqual([]);
  });
});
