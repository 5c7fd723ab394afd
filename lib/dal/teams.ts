import "server-only";
import { appendEvent } from "@/lib/dal/audit";
import type { SessionUser } from "@/lib/dal/access";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestMeta } from "@/lib/server/request-context";
import { db, writeTransaction, type Tx } from "@/lib/server/db";
import { membershipIn } from "@/lib/dal/team-access";
import {
  isMemberTokenRule,
  managesMembers,
  memberTokenRuleOf,
  teamRoleOf,
  MEMBER_TOKEN_RULE_LABELS,
  TEAM_ROLE_LABELS,
  type MemberTokenRule,
  type TeamRole,
} from "@/lib/teams";
import { isTeamId, teamNameKey } from "@/lib/validation/teams";

// Teams and their members. Every write runs in one transaction under the team's lock
// (["team", id]): the acting person's membership and role are read inside it, so a member
// removed a moment ago changes nothing, and two owners demoting each other at once cannot
// leave a team without an owner. Another team's id and a missing one get the same answer.

export type TeamContext = { meta: RequestMeta };

export type TeamRefusal =
  /** No such team, or the acting person is not in it (the same answer). */
  | "not_found"
  /** No such member in the team. */
  | "no_member"
  /** The acting person's role does not allow it. */
  | "not_allowed"
  /** Only an owner makes, unmakes or removes an owner. */
  | "owner_only"
  /** The team's last owner cannot leave, be removed or be demoted. */
  | "last_owner"
  /** The address invited is in the team already. */
  | "already_member"
  /** No such invitation waiting in the team (withdrawn, accepted, or another team's). */
  | "no_invitation";

export type TeamWrite<T = undefined> = { ok: true; data: T } | { ok: false; reason: TeamRefusal };

export type TeamSummary = { id: string; name: string; role: TeamRole; memberCount: number; joinedAt: string };

export type TeamMemberRow = {
  userId: string;
  name: string;
  email: string;
  role: TeamRole;
  source: "console" | "claim";
  joinedAt: string;
};

export type TeamView = {
  team: { id: string; name: string; memberTokens: MemberTokenRule; createdAt: string };
  /** The viewer's own role: what the screen offers follows from it. */
  role: TeamRole;
  members: TeamMemberRow[];
};

const actorOf = (user: SessionUser) => ({ userId: user.id, email: user.email });
const teamOf = (team: { id: string; name: string }) => ({ id: team.id, name: team.name });

/** The teams a person is in, by name, with their role and how many people each has. */
export async function listMyTeams(user: SessionUser): Promise<TeamSummary[]> {
  const rows = await db.teamMember.findMany({
    where: { userId: user.id },
    select: { role: true, createdAt: true, team: { select: { id: true, name: true, _count: { select: { members: true } } } } },
  });
  return rows
    .map((row) => ({
      id: row.team.id,
      name: row.team.name,
      role: teamRoleOf(row.role),
      memberCount: row.team._count.members,
      joinedAt: row.createdAt.toISOString(),
    }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** A team as its members see it; null for a non-member, exactly as for a team that does not exist. */
export async function teamView(user: SessionUser, teamId: string): Promise<TeamView | null> {
  if (!isTeamId(teamId)) return null;
  const team = await db.team.findFirst({
    where: { id: teamId, members: { some: { userId: user.id } } },
    select: {
      id: true,
      name: true,
      memberTokens: true,
      createdAt: true,
      members: {
        select: { role: true, source: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
        orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
      },
    },
  });
  if (!team) return null;
  const members = team.members.map((m) => ({
    userId: m.user.id,
    name: m.user.name,
    email: m.user.email,
    role: teamRoleOf(m.role),
    source: m.source === "claim" ? ("claim" as const) : ("console" as const),
    joinedAt: m.createdAt.toISOString(),
  }));
  const own = members.find((m) => m.userId === user.id);
  if (!own) return null;
  return {
    team: {
      id: team.id,
      name: team.name,
      memberTokens: memberTokenRuleOf(team.memberTokens),
      createdAt: team.createdAt.toISOString(),
    },
    role: own.role,
    members,
  };
}

/** Any signed-in person creates a team and becomes its owner. Names are unique, case-folded. */
export async function createTeam(
  user: SessionUser,
  input: { name: string },
  { meta }: TeamContext,
): Promise<{ ok: true; team: { id: string; name: string } } | { ok: false; reason: "name_taken" }> {
  try {
    const team = await writeTransaction(
      async (tx) => {
        const created = await tx.team.create({
          data: { name: input.name, nameKey: teamNameKey(input.name), ...(meta.at ? { createdAt: meta.at } : {}) },
          select: { id: true, name: true },
        });
        await tx.teamMember.create({
          data: { teamId: created.id, userId: user.id, role: "owner", source: "console" },
          select: { teamId: true },
        });
        const subject = { id: user.id, email: user.email };
        await appendEvent(tx, { action: "team.created", actor: actorOf(user), team: teamOf(created), subject, meta });
        await appendEvent(tx, {
          action: "team.member_joined",
          actor: actorOf(user),
          team: teamOf(created),
          subject,
          detail: "created the team, as its owner",
          meta,
        });
        return created;
      },
      { lock: ["user", user.id] },
    );
    return { ok: true, team };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "name_taken" };
    throw error;
  }
}

/** Runs `work` under the team's lock, once the acting person is known to be in it (their membership read inside the transaction). */
export function teamWrite<T>(
  user: SessionUser,
  teamId: string,
  work: (tx: Tx, actor: { role: TeamRole; team: { id: string; name: string } }) => Promise<TeamWrite<T>>,
): Promise<TeamWrite<T>> {
  return writeTransaction(
    async (tx) => {
      const membership = await membershipIn(tx, teamId, user.id);
      if (!membership) return { ok: false, reason: "not_found" } as const;
      return work(tx, { role: membership.role, team: { id: membership.teamId, name: membership.teamName } });
    },
    { lock: ["team", teamId] },
  );
}

/**
 * Whether the team keeps an owner who can act once `leaving` is no longer one: another owner
 * whose account is not disabled. A disabled owner cannot sign in, so counting them let the last
 * active owner leave (or be demoted) and leave a team nobody can own.
 */
const keepsAnOwner = async (tx: Tx, teamId: string, leaving: string) =>
  (await tx.teamMember.count({ where: { teamId, role: "owner", userId: { not: leaving }, user: { disabledAt: null } } })) > 0;

async function memberOf(tx: Tx, teamId: string, userId: string) {
  const row = await tx.teamMember.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { role: true, user: { select: { id: true, email: true } } },
  });
  return row ? { role: teamRoleOf(row.role), subject: row.user } : null;
}

/**
 * Owners and admins change a member's role; only an owner makes or unmakes an owner, and the
 * last owner stays one.
 */
export async function changeMemberRole(
  user: SessionUser,
  input: { teamId: string; userId: string; role: TeamRole },
  { meta }: TeamContext,
): Promise<TeamWrite<{ role: TeamRole }>> {
  return teamWrite(user, input.teamId, async (tx, actor) => {
    if (!managesMembers(actor.role)) return { ok: false, reason: "not_allowed" };
    const target = await memberOf(tx, input.teamId, input.userId);
    if (!target) return { ok: false, reason: "no_member" };
    if ((target.role === "owner" || input.role === "owner") && actor.role !== "owner") return { ok: false, reason: "owner_only" };
    if (target.role === input.role) return { ok: true, data: { role: input.role } };
    if (target.role === "owner" && !(await keepsAnOwner(tx, input.teamId, input.userId))) return { ok: false, reason: "last_owner" };
    await tx.teamMember.update({
      where: { teamId_userId: { teamId: input.teamId, userId: input.userId } },
      data: { role: input.role },
      select: { role: true },
    });
    await appendEvent(tx, {
      action: "team.member_role_changed",
      actor: actorOf(user),
      team: teamOf(actor.team),
      subject: target.subject,
      detail: `${TEAM_ROLE_LABELS[target.role]} → ${TEAM_ROLE_LABELS[input.role]}`,
      meta,
    });
    return { ok: true, data: { role: input.role } };
  });
}

/** Owners and admins remove a member (an admin never an owner); the last owner stays. Their access ends at once. */
export async function removeMember(
  user: SessionUser,
  input: { teamId: string; userId: string },
  { meta }: TeamContext,
): Promise<TeamWrite<{ email: string }>> {
  if (input.userId === user.id) return leaveTeam(user, input.teamId, { meta });
  return teamWrite(user, input.teamId, async (tx, actor) => {
    if (!managesMembers(actor.role)) return { ok: false, reason: "not_allowed" };
    const target = await memberOf(tx, input.teamId, input.userId);
    if (!target) return { ok: false, reason: "no_member" };
    if (target.role === "owner" && actor.role !== "owner") return { ok: false, reason: "owner_only" };
    if (target.role === "owner" && !(await keepsAnOwner(tx, input.teamId, input.userId))) return { ok: false, reason: "last_owner" };
    await tx.teamMember.delete({ where: { teamId_userId: { teamId: input.teamId, userId: input.userId } }, select: { userId: true } });
    await appendEvent(tx, {
      action: "team.member_removed",
      actor: actorOf(user),
      team: teamOf(actor.team),
      subject: target.subject,
      detail: `was ${TEAM_ROLE_LABELS[target.role]}`,
      meta,
    });
    return { ok: true, data: { email: target.subject.email } };
  });
}

/** Anyone leaves a team, except its last owner. */
export async function leaveTeam(user: SessionUser, teamId: string, { meta }: TeamContext): Promise<TeamWrite<{ email: string }>> {
  return teamWrite(user, teamId, async (tx, actor) => {
    if (actor.role === "owner" && !(await keepsAnOwner(tx, teamId, user.id))) return { ok: false, reason: "last_owner" };
    await tx.teamMember.delete({ where: { teamId_userId: { teamId, userId: user.id } }, select: { userId: true } });
    await appendEvent(tx, {
      action: "team.member_left",
      actor: actorOf(user),
      team: teamOf(actor.team),
      subject: { id: user.id, email: user.email },
      detail: `was ${TEAM_ROLE_LABELS[actor.role]}`,
      meta,
    });
    return { ok: true, data: { email: user.email } };
  });
}

/** Owners choose what members (neither admins nor owners) may create among the team's tokens. */
export async function setMemberTokenRule(
  user: SessionUser,
  input: { teamId: string; rule: MemberTokenRule },
  { meta }: TeamContext,
): Promise<TeamWrite<{ rule: MemberTokenRule }>> {
  return teamWrite(user, input.teamId, async (tx, actor) => {
    if (actor.role !== "owner") return { ok: false, reason: "owner_only" };
    const before = await tx.team.findUniqueOrThrow({ where: { id: input.teamId }, select: { memberTokens: true } });
    if (before.memberTokens === input.rule) return { ok: true, data: { rule: input.rule } };
    await tx.team.update({ where: { id: input.teamId }, data: { memberTokens: input.rule }, select: { id: true } });
    const was = isMemberTokenRule(before.memberTokens) ? MEMBER_TOKEN_RULE_LABELS[before.memberTokens] : before.memberTokens;
    await appendEvent(tx, {
      action: "team.rule_changed",
      actor: actorOf(user),
      team: teamOf(actor.team),
      detail: `${was} → ${MEMBER_TOKEN_RULE_LABELS[input.rule]}`,
      meta,
    });
    return { ok: true, data: { rule: input.rule } };
  });
}

/**
 * OIDC_TEAM_CLAIM at a sign-in: the person joins, as a member, each existing team the claim
 * names (by name, case aside) that they are not in, and leaves each team the claim had joined
 * them to that it names no more. Memberships made in the console are never touched; a team's
 * last owner who can act stays, whatever the claim says. Runs in the sign-in's transaction.
 */
export async function syncClaimedTeams(
  tx: Tx,
  person: { id: string; email: string },
  teamKeys: string[],
  claim: string,
  meta: RequestMeta,
): Promise<void> {
  const named = teamKeys.length ? await tx.team.findMany({ where: { nameKey: { in: teamKeys } }, select: { id: true, name: true } }) : [];
  const memberships = await tx.teamMember.findMany({
    where: { userId: person.id },
    select: { teamId: true, role: true, source: true, team: { select: { name: true, nameKey: true } } },
  });
  const inTeam = new Set(memberships.map((membership) => membership.teamId));
  const actor = { userId: person.id, email: person.email };
  for (const team of named) {
    if (inTeam.has(team.id)) continue;
    await tx.teamMember.create({ data: { teamId: team.id, userId: person.id, role: "member", source: "claim" }, select: { userId: true } });
    await appendEvent(tx, {
      action: "team.member_joined",
      actor,
      team: { id: team.id, name: team.name },
      subject: person,
      detail: `as Member, from the ${claim} claim (single sign-on)`,
      meta,
    });
  }
  const wanted = new Set(teamKeys);
  for (const membership of memberships) {
    if (membership.source !== "claim" || wanted.has(membership.team.nameKey)) continue;
    const role = teamRoleOf(membership.role);
    if (role === "owner" && !(await keepsAnOwner(tx, membership.teamId, person.id))) continue;
    await tx.teamMember.delete({ where: { teamId_userId: { teamId: membership.teamId, userId: person.id } }, select: { userId: true } });
    await appendEvent(tx, {
      action: "team.member_removed",
      actor,
      team: { id: membership.teamId, name: membership.team.name },
      subject: person,
      detail: `was ${TEAM_ROLE_LABELS[role]}: the ${claim} claim no longer names the team`,
      meta,
    });
  }
}
