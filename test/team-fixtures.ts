// Teams and team tokens for the offboarding tests, through the shared fixtures: a team written as
// the teams' DAL writes it, and a team token made by the real createToken in the team's context.
import type { TeamRole } from "@/lib/teams";
import type { SessionUser } from "@/lib/dal/users";
import { createToken } from "@/lib/dal/tokens";
import { db } from "@/lib/server/db";
import { inTeam, TEST_CONTEXT } from "@/test/fixtures";

let counter = 0;

/** The team keeps the name given (the tests read it back); its key is made unique. */
export async function makeTeam(name: string, members: Array<[SessionUser, TeamRole]>) {
  return db.team.create({
    data: {
      name,
      nameKey: `${name.toLowerCase()}-${Date.now()}-${counter++}`,
      members: { create: members.map(([user, role]) => ({ userId: user.id, role })) },
    },
    select: { id: true, name: true },
  });
}

/** A Read-Only token `creator` (a member of `team`) made for it. */
export async function makeTeamToken(creator: SessionUser, team: { id: string }, name: string) {
  const made = await createToken(inTeam(creator, team), { name, scope: "READ_ONLY" }, TEST_CONTEXT);
  if (!made.ok) throw new Error(`could not create the team token: ${made.reason}`);
  return { secret: made.secret, token: made.token };
}
