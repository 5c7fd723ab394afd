// Teams and team tokens for the offboarding tests. Until the team screens' data layer lands, a
// team is written here as its rows, and a team token is a token made by the real createToken
// and then given to the team (teamId, ownerId = the team), which is what the schema says it is.
import type { TeamRole } from "@/lib/teams";
import type { SessionUser } from "@/lib/dal/users";
import { db } from "@/lib/server/db";
import { makeToken } from "@/test/fixtures";

let counter = 0;

export async function makeTeam(name: string, members: Array<[SessionUser, TeamRole]>) {
  const team = await db.team.create({
    data: {
      name,
      nameKey: `${name.toLowerCase()}-${counter++}`,
      members: { create: members.map(([user, role]) => ({ userId: user.id, role })) },
    },
    select: { id: true, name: true },
  });
  return team;
}

/** A token `creator` made for `team`. */
export async function makeTeamToken(creator: SessionUser, team: { id: string }, name: string) {
  const made = await makeToken(creator, name, "READ_ONLY");
  await db.apiToken.update({ where: { id: made.token.id }, data: { teamId: team.id, ownerId: team.id } });
  return made;
}
