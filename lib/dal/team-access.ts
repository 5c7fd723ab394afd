import "server-only";
import { cache } from "react";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { isTeamId } from "@/lib/validation/teams";
import { memberTokenRuleOf, teamRoleOf, type MemberTokenRule, type TeamRole } from "@/lib/teams";

// Who belongs to which team, read in one place: for a screen or a context (through the
// database), and inside a write's transaction (through it). Never the guard of a write on its
// own: a write names the membership it needs in its own where clause (lib/dal/access.ts
// ownedBy), or reads it in its transaction under the team's lock.

export type Membership = { teamId: string; teamName: string; role: TeamRole; memberTokens: MemberTokenRule };

type Reader = Pick<Prisma.TransactionClient, "teamMember">;

const select = { role: true, team: { select: { id: true, name: true, memberTokens: true } } } as const;

const toMembership = (row: { role: string; team: { id: string; name: string; memberTokens: string } }): Membership => ({
  teamId: row.team.id,
  teamName: row.team.name,
  role: teamRoleOf(row.role),
  memberTokens: memberTokenRuleOf(row.team.memberTokens),
});

/**
 * The teams a person belongs to, by name: the context switcher's entries, and the API Token
 * page's team. Read once per request (React's cache): the layout and the page ask alike.
 */
export const teamsOf = cache(async (userId: string): Promise<Membership[]> => {
  const rows = await db.teamMember.findMany({ where: { userId }, select });
  return rows.map(toMembership).sort((a, b) => a.teamName.localeCompare(b.teamName) || a.teamId.localeCompare(b.teamId));
});

/**
 * A person's membership of one team, through `reader` (a write's transaction, or the database);
 * null when they are not in it, or it does not exist, or the id can name no team: the same.
 */
export async function membershipIn(reader: Reader, teamId: string, userId: string): Promise<Membership | null> {
  if (!isTeamId(teamId)) return null;
  const row = await reader.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } }, select });
  return row ? toMembership(row) : null;
}
