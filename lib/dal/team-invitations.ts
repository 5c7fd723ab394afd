import "server-only";
import crypto from "node:crypto";
import { appendEvent } from "@/lib/dal/audit";
import type { SessionUser } from "@/lib/dal/access";
import { teamWrite, type TeamContext, type TeamWrite } from "@/lib/dal/teams";
import { db, writeTransaction } from "@/lib/server/db";
import { INVITATION_DAYS, managesMembers, MANAGER_ROLES, TEAM_ROLE_LABELS, teamRoleOf, type TeamRole } from "@/lib/teams";
import { isTeamId } from "@/lib/validation/teams";

// An invitation is a link for one email address: its token is 32 random bytes, and only the
// token's SHA-256 is stored (256 random bits: nothing to guess, so no key is needed). It works
// for INVITATION_DAYS, once, and only for the account signed in with that address; a newer
// invitation for the same address and team withdraws the older one.

const hashInvitationToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

export type PendingInvitation = { id: string; email: string; role: TeamRole; createdAt: string; expiresAt: string; expired: boolean };

export type InvitationRefusal = "unknown" | "expired" | "revoked" | "used" | "wrong_account";

export type InvitationPreview = { teamName: string; email: string; role: TeamRole; expiresAt: string };

/** The invitations still waiting for an answer, for the team's owners and admins; [] for anyone else. */
export async function pendingInvitations(user: SessionUser, teamId: string, now = new Date()): Promise<PendingInvitation[]> {
  if (!isTeamId(teamId)) return [];
  const rows = await db.teamInvitation.findMany({
    where: {
      teamId,
      acceptedAt: null,
      revokedAt: null,
      team: { members: { some: { userId: user.id, role: { in: [...MANAGER_ROLES] } } } },
    },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    role: teamRoleOf(row.role),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    expired: row.expiresAt <= now,
  }));
}

export type InviteResult = TeamWrite<{ token: string; invitation: PendingInvitation; teamName: string }>;

/** Owners and admins invite; only an owner invites an owner. The token is returned once, to be sent and shown. */
export async function inviteMember(
  user: SessionUser,
  input: { teamId: string; email: string; role: TeamRole },
  { meta }: TeamContext,
): Promise<InviteResult> {
  const token = crypto.randomBytes(32).toString("base64url");
  const at = meta.at ?? new Date();
  const expiresAt = new Date(at.getTime() + INVITATION_DAYS * 86_400_000);
  const email = input.email.trim().toLowerCase();
  return teamWrite(user, input.teamId, async (tx, actor) => {
    if (!managesMembers(actor.role)) return { ok: false, reason: "not_allowed" };
    if (input.role === "owner" && actor.role !== "owner") return { ok: false, reason: "owner_only" };
    const account = await tx.user.findUnique({ where: { email }, select: { id: true, email: true } });
    if (account && (await tx.teamMember.count({ where: { teamId: input.teamId, userId: account.id } })) > 0)
      return { ok: false, reason: "already_member" };
    // The older link stops working: one invitation per address and team. Replacing it withdraws
    // it, so the rule of revokeInvitation holds here too: only an owner withdraws one for an owner.
    if (
      actor.role !== "owner" &&
      (await tx.teamInvitation.count({ where: { teamId: input.teamId, email, acceptedAt: null, revokedAt: null, role: "owner" } })) > 0
    )
      return { ok: false, reason: "owner_only" };
    await tx.teamInvitation.updateMany({
      where: { teamId: input.teamId, email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: at },
    });
    const created = await tx.teamInvitation.create({
      data: {
        teamId: input.teamId,
        email,
        role: input.role,
        tokenHash: hashInvitationToken(token),
        invitedById: user.id,
        createdAt: at,
        expiresAt,
      },
      select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
    });
    await appendEvent(tx, {
      action: "team.member_invited",
      actor: { userId: user.id, email: user.email },
      team: actor.team,
      ...(account ? { subject: account } : {}),
      detail: `${email} as ${TEAM_ROLE_LABELS[input.role]}, for ${INVITATION_DAYS} days`,
      meta,
    });
    const invitation = {
      id: created.id,
      email: created.email,
      role: teamRoleOf(created.role),
      createdAt: created.createdAt.toISOString(),
      expiresAt: created.expiresAt.toISOString(),
      expired: false,
    };
    return { ok: true, data: { token, invitation, teamName: actor.team.name } };
  });
}

/** Owners and admins withdraw an invitation (only an owner one for an owner); its link stops working. */
export async function revokeInvitation(
  user: SessionUser,
  input: { teamId: string; invitationId: string },
  { meta }: TeamContext,
): Promise<TeamWrite<{ email: string }>> {
  const at = meta.at ?? new Date();
  return teamWrite(user, input.teamId, async (tx, actor) => {
    if (!managesMembers(actor.role)) return { ok: false, reason: "not_allowed" };
    const found = await tx.teamInvitation.findFirst({
      where: { id: input.invitationId, teamId: input.teamId, acceptedAt: null, revokedAt: null },
      select: { email: true, role: true },
    });
    if (!found) return { ok: false, reason: "no_invitation" };
    if (found.role === "owner" && actor.role !== "owner") return { ok: false, reason: "owner_only" };
    await tx.teamInvitation.update({ where: { id: input.invitationId }, data: { revokedAt: at }, select: { id: true } });
    await appendEvent(tx, {
      action: "team.invitation_revoked",
      actor: { userId: user.id, email: user.email },
      team: actor.team,
      detail: `${found.email} (${TEAM_ROLE_LABELS[teamRoleOf(found.role)]})`,
      meta,
    });
    return { ok: true, data: { email: found.email } };
  });
}

function refusalOf(found: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, at: Date): InvitationRefusal | null {
  if (found.acceptedAt) return "used";
  if (found.revokedAt) return "revoked";
  if (found.expiresAt <= at) return "expired";
  return null;
}

const previewSelect = {
  id: true,
  teamId: true,
  email: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  team: { select: { id: true, name: true } },
} as const;

/**
 * What an invitation link is worth now, for whoever opened it: the team and the address it is
 * for, or why it no longer works. Refused for another signed-in account (and left unused).
 */
export async function checkInvitation(
  token: string,
  user: SessionUser | null,
  now = new Date(),
): Promise<{ ok: true; invitation: InvitationPreview } | { ok: false; reason: InvitationRefusal; email?: string }> {
  const found = await db.teamInvitation.findUnique({ where: { tokenHash: hashInvitationToken(token) }, select: previewSelect });
  if (!found) return { ok: false, reason: "unknown" };
  const refusal = refusalOf(found, now);
  if (refusal) return { ok: false, reason: refusal };
  if (user && user.email !== found.email) return { ok: false, reason: "wrong_account", email: found.email };
  return {
    ok: true,
    invitation: { teamName: found.team.name, email: found.email, role: teamRoleOf(found.role), expiresAt: found.expiresAt.toISOString() },
  };
}

/**
 * Joins the team with the invitation's role, for the account signed in with its address only.
 * Claimed by a conditional update under the team's lock, so a link works once however often it
 * is posted at the same moment. Someone in the team already keeps their role.
 */
export async function acceptInvitation(
  user: SessionUser,
  token: string,
  { meta }: TeamContext,
): Promise<{ ok: true; team: { id: string; name: string } } | { ok: false; reason: InvitationRefusal; email?: string }> {
  const at = meta.at ?? new Date();
  const found = await db.teamInvitation.findUnique({ where: { tokenHash: hashInvitationToken(token) }, select: previewSelect });
  if (!found) return { ok: false, reason: "unknown" };
  if (user.email !== found.email) return { ok: false, reason: "wrong_account", email: found.email };
  return writeTransaction(
    async (tx) => {
      const claimed = await tx.teamInvitation.updateMany({
        where: { id: found.id, email: user.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: at } },
        data: { acceptedAt: at },
      });
      if (claimed.count === 0) {
        const now = await tx.teamInvitation.findUniqueOrThrow({ where: { id: found.id }, select: previewSelect });
        return { ok: false, reason: refusalOf(now, at) ?? "used" } as const;
      }
      const role = teamRoleOf(found.role);
      const existing = await tx.teamMember.findUnique({
        where: { teamId_userId: { teamId: found.teamId, userId: user.id } },
        select: { role: true },
      });
      if (!existing) {
        await tx.teamMember.create({ data: { teamId: found.teamId, userId: user.id, role, source: "console" }, select: { userId: true } });
        await appendEvent(tx, {
          action: "team.member_joined",
          actor: { userId: user.id, email: user.email },
          team: found.team,
          subject: { id: user.id, email: user.email },
          detail: `accepted an invitation, as ${TEAM_ROLE_LABELS[role]}`,
          meta,
        });
      }
      return { ok: true, team: found.team } as const;
    },
    { lock: ["team", found.teamId] },
  );
}
