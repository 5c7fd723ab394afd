import "server-only";
import { assertAdmin, type SessionUser } from "@/lib/dal/access";
import { appendEvent } from "@/lib/dal/audit";
import { snapshot, snapshotSelect, type ChangeContext } from "@/lib/dal/tokens";
import { leaveRevocationNotice } from "@/lib/dal/revocation-notices";
import { noticeToOwner } from "@/lib/dal/token-state-notices";
import { permissionsFromStored } from "@/lib/permissions";
import type { Scope } from "@/lib/scopes";
import { db, writeTransaction } from "@/lib/server/db";

// Approval: a token that asks for permissions the installation's policy reserves is created
// "pending" (the policies' creation rule decides, lib/dal/tokens.ts createToken), refused with
// 401 token_pending_approval until an installation admin approves it on /admin/approvals, or
// denies it with a reason its owner reads ("denied": it never works; its owner may delete it).

// The hook creation calls for a pending token (requestApproval) lives in lib/dal/token-state-notices.ts:
// creation (lib/dal/tokens.ts) calls it, and this module reads tokens, so it cannot live here.
export { requestApproval } from "@/lib/dal/token-state-notices";

export type PendingToken = {
  id: string;
  name: string;
  displayPrefix: string;
  scope: Scope;
  permissions: string[];
  description: string;
  createdAt: string;
  owner: { email: string; name: string };
  team: { id: string; name: string } | null;
};

const PENDING_PAGE = 200;

/** The queue, oldest first (it waited longest), on the (status, createdAt) index. */
export async function pendingTokens(admin: SessionUser): Promise<PendingToken[]> {
  assertAdmin(admin);
  const rows = await db.apiToken.findMany({
    where: { status: "pending" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: PENDING_PAGE,
    select: {
      id: true,
      name: true,
      displayPrefix: true,
      scope: true,
      permissions: true,
      description: true,
      createdAt: true,
      user: { select: { email: true, name: true } },
      team: { select: { id: true, name: true } },
    },
  });
  return rows.map(({ user, createdAt, permissions, ...row }) => ({
    ...row,
    permissions: permissionsFromStored(permissions),
    createdAt: createdAt.toISOString(),
    owner: user,
  }));
}

/** What the admin navigation counts: tokens waiting for a decision. */
export async function pendingTokenCount(admin: SessionUser): Promise<number> {
  assertAdmin(admin);
  return db.apiToken.count({ where: { status: "pending" } });
}

export type DecisionResult = { ok: true; name: string; ownerEmail: string } | { ok: false; reason: "not_found" };

/**
 * Approves or denies a pending token. The write's where clause holds `status: "pending"`, so two
 * admins deciding at once make one decision: the second finds nothing to decide.
 */
async function decide(admin: SessionUser, id: string, decision: "approved" | "denied", reason: string, context: ChangeContext) {
  assertAdmin(admin);
  return writeTransaction(
    async (tx): Promise<DecisionResult> => {
      const at = context.meta.at ?? new Date();
      const { count } = await tx.apiToken.updateMany({
        where: { id, status: "pending" },
        data: {
          status: decision === "approved" ? "active" : "denied",
          decidedById: admin.id,
          decidedAt: at,
          decisionReason: reason,
          ...(decision === "approved" ? { activeSince: at } : {}),
        },
      });
      if (count === 0) return { ok: false, reason: "not_found" };
      const token = snapshot(await tx.apiToken.findUniqueOrThrow({ where: { id }, select: snapshotSelect }));
      await appendEvent(tx, {
        action: decision === "approved" ? "token.approved" : "token.denied",
        actor: { userId: admin.id, email: admin.email },
        token,
        detail: decision === "denied" ? `denied: ${reason}` : undefined,
        meta: context.meta,
      });
      await noticeToOwner(tx, decision === "approved" ? "token.approved" : "token.denied", token, at, reason);
      // On the requester's page too; an admin deciding on a token of their own needs no news of it.
      if (token.owner.id !== admin.id) await leaveRevocationNotice(tx, token, at, { kind: decision, reason });
      return { ok: true, name: token.name, ownerEmail: token.owner.email };
    },
    { lock: ["token", id] },
  );
}

export const approveToken = (admin: SessionUser, id: string, context: ChangeContext) => decide(admin, id, "approved", "", context);

/** `reason` is required (the caller's schema: 1–500 characters); the owner sees it in their listing. */
export const denyToken = (admin: SessionUser, id: string, reason: string, context: ChangeContext) =>
  decide(admin, id, "denied", reason, context);
