import "server-only";
import { db } from "@/lib/server/db";
import { isTeamId } from "@/lib/validation/teams";
import { isMemberTokenRule, isTeamRole, type MemberTokenRule, type TeamRole } from "@/lib/teams";

// Who belongs to which team, read for a screen or a context. Never the guard of a write on its
// own: a write names the membership it needs in its own where clause (lib/dal/access.ts ownedBy).

export type Membership = { teamId: string; teamName: string; role: TeamRole; memberTokens: MemberTokenRule };

const toMembership = (row: { role: string; team: { id: string; name: string; memberTokens: string } }): Membership | null =>
  isTeamRole(row.role)
    ? {
        teamId: row.team.id,
        teamName: row.team.name,
        role: row.role,
        memberTokens: isMemberTokenRule(row.team.memberTokens) ? row.team.memberTokens : "read_only",
      }
    : null;

const select = { role: true, team: { select: { id: true, name: true, memberTokens: true } } } as const;

/** The teams a person belongs to, by name: the context switcher's entries. */
export async function teamsOf(userId: string): Promise<Membership[]> {
  const rows = await db.teamMember.findMany({ where: { userId }, select });
  return rows
    .flatMap((row) => toMembership(row) ?? [])
    .sort((a, b) => a.teamName.localeCompare(b.teamName) || a.teamId.localeCompare(b.teamId));
}

/** A person's membership of one team; null when they are not in it (or it does not exist: the same). */
export async function membershipOf(userId: string, teamId: string): Promise<Membership | null> {
  if (!isTeamId(teamId)) return null;
  const row = await db.teamMember.findUnique({ where: { teamId_userId: { teamId, userId } }, select });
  return row ? toMembership(row) : null;
}
