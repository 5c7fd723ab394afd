import "server-only";
import { assertAdmin, type SessionUser } from "@/lib/dal/access";
import { appendEvent, tokenSnapshot } from "@/lib/dal/audit";
import { endResetLinks } from "@/lib/dal/users";
import { revokeTeamTokenAsAdmin, snapshotSelect, type ChangeContext } from "@/lib/dal/tokens";
import { MANAGER_ROLES, teamRoleOf, type TeamRole } from "@/lib/teams";
import type { Role } from "@/lib/scopes";
import { db, writeTransaction, type Tx } from "@/lib/server/db";
import { countRevocation } from "@/lib/server/metrics.mjs";
import { ADMIN_PAGE_SIZE } from "@/lib/validation/admin";
import type { AccountsQuery } from "@/lib/validation/offboarding";

// Offboarding: an installation admin disables an account (its sessions end, its personal tokens
// are revoked), re-enables it (nothing comes back), and decides what becomes of the team tokens
// it created (handed over to an owner or admin of the team, or revoked). The team tokens keep
// working meanwhile: they belong to their team.

/** Who may receive a team token: an owner or an admin of its team. */
const HEIRS = [...MANAGER_ROLES];

export type AccountRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
  personalTokens: number;
  teamTokens: number;
};
export type AccountsPage = { rows: AccountRow[]; total: number; page: number; pageCount: number };

/** Accounts by email, filtered by the email's beginning or a part of it, a page at a time. */
export async function listAccounts(admin: SessionUser, query: AccountsQuery): Promise<AccountsPage> {
  assertAdmin(admin);
  const where = {
    ...(query.email ? { email: { contains: query.email.toLowerCase() } } : {}),
    ...(query.status === "active" ? { disabledAt: null } : query.status === "disabled" ? { disabledAt: { not: null } } : {}),
  };
  const total = await db.user.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const users = await db.user.findMany({
    where,
    orderBy: [{ email: "asc" }],
    skip: (page - 1) * ADMIN_PAGE_SIZE,
    take: ADMIN_PAGE_SIZE,
    select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true },
  });
  const ids = users.map((user) => user.id);
  const [personal, team] = await Promise.all([
    db.apiToken.groupBy({ by: ["ownerId"], where: { ownerId: { in: ids }, teamId: null }, _count: { _all: true } }),
    db.apiToken.groupBy({ by: ["userId"], where: { userId: { in: ids }, teamId: { not: null } }, _count: { _all: true } }),
  ]);
  const personalOf = new Map(personal.map((group) => [group.ownerId, group._count._all]));
  const teamOf = new Map(team.map((group) => [group.userId, group._count._all]));
  const rows = users.map((user) => ({
    ...user,
    createdAt: user.createdAt.toISOString(),
    disabledAt: user.disabledAt?.toISOString() ?? null,
    personalTokens: personalOf.get(user.id) ?? 0,
    teamTokens: teamOf.get(user.id) ?? 0,
  }));
  return { rows, total, page, pageCount };
}

export type AccountChange =
  | { ok: true; email: string; revokedTokens: number }
  | { ok: false; reason: "not_found" | "self" | "last_admin" | "already_disabled" | "already_active" };

const actorOf = (admin: { id: string; email: string } | null) => (admin ? { userId: admin.id, email: admin.email } : undefined);

/**
 * Disables an account in one transaction: disabledAt, a new session version and no Session rows
 * (every cookie opens nothing at its next request), no reset link, and every personal token
 * deleted, each audited with its snapshot. `admin` null: the command line (npm run admin).
 * Under the admins' lock, so that two admins disabling each other cannot leave none.
 */
export async function disableAccount(
  admin: SessionUser | null,
  target: { id: string } | { email: string },
  context: ChangeContext,
): Promise<AccountChange> {
  if (admin) assertAdmin(admin);
  const at = context.meta.at ?? new Date();
  const change = await writeTransaction(
    async (tx) => {
      const user = await findTarget(tx, target);
      if (!user) return { ok: false, reason: "not_found" } as const;
      if (admin && user.id === admin.id) return { ok: false, reason: "self" } as const;
      if (user.disabledAt) return { ok: false, reason: "already_disabled" } as const;
      if (user.role === "ADMIN" && (await tx.user.count({ where: { role: "ADMIN", disabledAt: null } })) <= 1)
        return { ok: false, reason: "last_admin" } as const;
      // The write names its condition: an account disabled meanwhile is not disabled twice.
      const changed = await tx.user.updateMany({
        where: { id: user.id, disabledAt: null },
        data: { disabledAt: at, sessionVersion: { increment: 1 } },
      });
      if (changed.count === 0) return { ok: false, reason: "already_disabled" } as const;
      await tx.session.deleteMany({ where: { userId: user.id } });
      await endResetLinks(tx, user.id, at);
      const tokens = await tx.apiToken.findMany({ where: { ownerId: user.id, teamId: null }, select: snapshotSelect });
      await tx.apiToken.deleteMany({ where: { id: { in: tokens.map((token) => token.id) }, ownerId: user.id, teamId: null } });
      const subject = { id: user.id, email: user.email };
      for (const token of tokens)
        await appendEvent(tx, {
          action: "token.revoked_offboarding",
          actor: actorOf(admin),
          token: tokenSnapshot(token),
          subject,
          meta: context.meta,
        });
      await appendEvent(tx, {
        action: "user.disabled",
        actor: actorOf(admin),
        subject,
        detail: `${tokens.length} personal token${tokens.length === 1 ? "" : "s"} revoked${admin ? "" : ", by npm run admin"}`,
        meta: context.meta,
      });
      return { ok: true, email: user.email, revokedTokens: tokens.length } as const;
    },
    { lock: ["admins"] },
  );
  if (change.ok) countRevocation("offboarding", change.revokedTokens);
  return change;
}

/** Clears disabledAt; brings back no token and no session: the person signs in afresh. */
export async function enableAccount(
  admin: SessionUser | null,
  target: { id: string } | { email: string },
  context: ChangeContext,
): Promise<AccountChange> {
  if (admin) assertAdmin(admin);
  return writeTransaction(
    async (tx) => {
      const user = await findTarget(tx, target);
      if (!user) return { ok: false, reason: "not_found" } as const;
      const changed = await tx.user.updateMany({ where: { id: user.id, disabledAt: { not: null } }, data: { disabledAt: null } });
      if (changed.count === 0) return { ok: false, reason: "already_active" } as const;
      await appendEvent(tx, {
        action: "user.enabled",
        actor: actorOf(admin),
        subject: { id: user.id, email: user.email },
        detail: admin ? undefined : "by npm run admin",
        meta: context.meta,
      });
      return { ok: true, email: user.email, revokedTokens: 0 } as const;
    },
    { lock: ["admins"] },
  );
}

function findTarget(tx: Tx, target: { id: string } | { email: string }) {
  const where = "id" in target ? { id: target.id } : { email: target.email.trim().toLowerCase() };
  return tx.user.findUnique({ where, select: { id: true, email: true, role: true, disabledAt: true } });
}

export type Heir = { id: string; email: string; name: string; role: TeamRole };
export type CreatedTeamToken = {
  id: string;
  name: string;
  displayPrefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  team: { id: string; name: string };
  heirs: Heir[];
};
export type OffboardedAccount = {
  id: string;
  email: string;
  name: string;
  disabledAt: string | null;
  personalTokens: number;
  teamTokens: CreatedTeamToken[];
};

/** One account, with the team tokens it created and, for each, who in its team may take it over. */
export async function accountForOffboarding(admin: SessionUser, id: string): Promise<OffboardedAccount | null> {
  assertAdmin(admin);
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, name: true, disabledAt: true } });
  if (!user) return null;
  const [personalTokens, tokens] = await Promise.all([
    db.apiToken.count({ where: { ownerId: user.id, teamId: null } }),
    db.apiToken.findMany({
      where: { userId: user.id, teamId: { not: null } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 500,
      select: { id: true, name: true, displayPrefix: true, createdAt: true, lastUsedAt: true, team: { select: { id: true, name: true } } },
    }),
  ]);
  const teamIds = [...new Set(tokens.flatMap((token) => (token.team ? [token.team.id] : [])))];
  const members = await db.teamMember.findMany({
    where: { teamId: { in: teamIds }, role: { in: HEIRS }, userId: { not: user.id }, user: { disabledAt: null } },
    orderBy: [{ user: { email: "asc" } }],
    select: { teamId: true, role: true, user: { select: { id: true, email: true, name: true } } },
  });
  return {
    ...user,
    disabledAt: user.disabledAt?.toISOString() ?? null,
    personalTokens,
    teamTokens: tokens.flatMap(({ team, ...token }) =>
      team
        ? [
            {
              ...token,
              createdAt: token.createdAt.toISOString(),
              lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
              team,
              heirs: members
                .filter((member) => member.teamId === team.id)
                .map((member) => ({ ...member.user, role: teamRoleOf(member.role) })),
            },
          ]
        : [],
    ),
  };
}

export type TeamTokenChange =
  { ok: true; name: string; teamName: string; toEmail?: string } | { ok: false; reason: "not_found" | "not_heir" };

/**
 * Makes an active owner or admin of the token's team its creator. The heir's membership, role
 * and active account are conditions of the write itself, not a read before it.
 */
export async function handOverTeamToken(
  admin: SessionUser,
  input: { tokenId: string; toUserId: string },
  context: ChangeContext,
): Promise<TeamTokenChange> {
  assertAdmin(admin);
  return writeTransaction(
    async (tx) => {
      const token = await tx.apiToken.findFirst({
        where: { id: input.tokenId, teamId: { not: null } },
        select: snapshotSelect,
      });
      if (!token?.team) return { ok: false, reason: "not_found" } as const;
      const moved = await tx.apiToken.updateMany({
        where: {
          id: token.id,
          teamId: token.team.id,
          userId: { not: input.toUserId },
          team: { members: { some: { userId: input.toUserId, role: { in: HEIRS }, user: { disabledAt: null } } } },
        },
        data: { userId: input.toUserId },
      });
      if (moved.count === 0) return { ok: false, reason: "not_heir" } as const;
      const heir = await tx.user.findUniqueOrThrow({ where: { id: input.toUserId }, select: { id: true, email: true } });
      await appendEvent(tx, {
        action: "token.handed_over",
        actor: actorOf(admin),
        token: tokenSnapshot(token),
        team: token.team,
        detail: `from ${token.user.email} to ${heir.email}`,
        meta: context.meta,
      });
      return { ok: true, name: token.name, teamName: token.team.name, toEmail: heir.email } as const;
    },
    { lock: ["token", input.tokenId] },
  );
}

/** Deletes a team token, as All Tokens' Revoke does (token.revoked_by_admin, with its team); a personal token is not found here. */
export async function revokeTeamToken(admin: SessionUser, tokenId: string, context: ChangeContext): Promise<TeamTokenChange> {
  const revoked = await revokeTeamTokenAsAdmin(admin, tokenId, context);
  return revoked?.team ? { ok: true, name: revoked.name, teamName: revoked.team.name } : { ok: false, reason: "not_found" };
}
