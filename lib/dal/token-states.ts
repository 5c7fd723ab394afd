import "server-only";
import { assertAdmin, ownedBy, ownerLock, TOKEN_MANAGERS, type Actor, type SessionUser } from "@/lib/dal/access";
import { appendEvent } from "@/lib/dal/audit";
import { snapshot, snapshotSelect, type ChangeContext } from "@/lib/dal/tokens";
import { leaveRevocationNotice } from "@/lib/dal/revocation-notices";
import { noticeToOwner } from "@/lib/dal/token-state-notices";
import { toRow } from "@/lib/dal/token-rows";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, writeTransaction, type Tx, type WriteLock } from "@/lib/server/db";
import type { TokenRow } from "@/lib/token-columns";
import { ownerMayEnable, type DisabledReason } from "@/lib/token-states";

// Disable and Enable: a token kept, with its secret, id and history, but refused by the authority
// (401 token_disabled) until it is enabled. The lookup reads its status with everything else (no
// cache, no query of its own), so a change here is seen by the next request on every instance.
// Who may enable what is lib/token-states.ts's `ownerMayEnable`.

export type StateChangeResult =
  | { ok: true; token: TokenRow; changed: boolean }
  | {
      ok: false;
      /** not_found: no such token among the actor's (another owner's id too); not_active: pending or denied;
       *  not_disabled: enable asked of an active token; admin_only: an admin or a policy disabled it. */
      reason: "not_found" | "not_active" | "not_disabled" | "admin_only";
    };

type Who = { userId: string; email: string; tokenId?: string };

const { user: _u, team: _t, ...rowSelect } = snapshotSelect;
void _u;
void _t;

async function change(
  where: Prisma.ApiTokenWhereInput,
  to: "disabled" | "active",
  reason: DisabledReason | null,
  by: Who,
  context: ChangeContext,
  lock: WriteLock,
  options: { asAdmin: boolean; because?: string },
): Promise<StateChangeResult> {
  return writeTransaction(
    async (tx) => {
      const current = await tx.apiToken.findFirst({ where, select: snapshotSelect });
      if (!current) return { ok: false, reason: "not_found" } as const;
      if (current.status === "pending" || current.status === "denied") return { ok: false, reason: "not_active" } as const;
      if (current.status === to) return { ok: true, token: toRow(current), changed: false } as const;
      if (to === "active" && !options.asAdmin && !ownerMayEnable(current)) return { ok: false, reason: "admin_only" } as const;
      const at = context.meta.at ?? new Date();
      // The state it was read in is part of the write's where clause: a change in between (an
      // admin's Disable) makes this one write nothing rather than undo it.
      const { count } = await tx.apiToken.updateMany({
        where: { ...where, id: current.id, status: current.status, disabledReason: current.disabledReason },
        data:
          to === "disabled"
            ? { status: "disabled", disabledAt: at, disabledReason: reason }
            : { status: "active", disabledAt: null, disabledReason: null, activeSince: at },
      });
      if (count === 0) return { ok: false, reason: "not_found" } as const;
      const token = snapshot(current);
      const detail =
        to === "disabled"
          ? `disabled (${reason}${options.because ? `: ${options.because}` : ""})`
          : `enabled (it was disabled by ${current.disabledReason ?? "unknown"}${current.disabledAt ? ` on ${current.disabledAt.toISOString()}` : ""})`;
      await appendEvent(tx, {
        action: to === "disabled" ? "token.disabled" : "token.enabled",
        actor: { userId: by.userId, email: by.email, tokenId: by.tokenId },
        token,
        detail,
        meta: context.meta,
      });
      if (options.asAdmin && to === "disabled" && token.owner.id !== by.userId) {
        await noticeToOwner(tx, "token.disabled", token, at, options.because);
        // "admin", or (a policy) the rules it breaks.
        await leaveRevocationNotice(tx, token, at, { kind: "disabled", reason: options.because ?? "admin" });
      }
      const after = await reread(tx, current.id);
      return { ok: true, token: after, changed: true } as const;
    },
    { lock },
  );
}

const reread = async (tx: Tx, id: string) => toRow(await tx.apiToken.findUniqueOrThrow({ where: { id }, select: rowSelect }));

/**
 * Disables one of the actor's tokens (a team's: as its admin or owner, or as a team token).
 * `reason`: "self" when a key disables itself through the API, "owner" otherwise. Ownership is in
 * the write's where clause: another owner's id answers not_found and changes nothing.
 */
export function disableToken(actor: Actor, id: string, context: ChangeContext, reason: "owner" | "self" = "owner") {
  const where = { id, ...ownedBy(actor, TOKEN_MANAGERS) };
  return change(
    where,
    "disabled",
    reason,
    { userId: actor.id, email: actor.email, tokenId: context.viaTokenId },
    context,
    ownerLock(actor),
    {
      asAdmin: false,
    },
  );
}

/** Enables one of the actor's tokens that it (or the inactivity rule) disabled; admin_only for what an admin or a policy did. */
export function enableToken(actor: Actor, id: string, context: ChangeContext) {
  const where = { id, ...ownedBy(actor, TOKEN_MANAGERS) };
  return change(where, "active", null, { userId: actor.id, email: actor.email, tokenId: context.viaTokenId }, context, ownerLock(actor), {
    asAdmin: false,
  });
}

/** An installation admin's Disable of any token; its owner is emailed (if mail is set up) and sees the state in the listing. */
export function disableTokenAsAdmin(admin: SessionUser, id: string, context: ChangeContext) {
  assertAdmin(admin);
  return change({ id }, "disabled", "admin", { userId: admin.id, email: admin.email }, context, ["token", id], { asAdmin: true });
}

/** An installation admin enables any disabled token, whoever disabled it. */
export function enableTokenAsAdmin(admin: SessionUser, id: string, context: ChangeContext) {
  assertAdmin(admin);
  return change({ id }, "active", null, { userId: admin.id, email: admin.email }, context, ["token", id], { asAdmin: true });
}

/**
 * Disables a token that breaks the installation's policy (the compliance view, or a policy saved
 * with "disable them now"): reason "policy", so only an admin enables it; `because` says which
 * rules, in the audit event and the owner's email.
 */
export function disableTokenForPolicy(admin: SessionUser, id: string, because: string, context: ChangeContext) {
  assertAdmin(admin);
  return change({ id, status: "active" }, "disabled", "policy", { userId: admin.id, email: admin.email }, context, ["token", id], {
    asAdmin: true,
    because,
  });
}

/**
 * Tokens by state (active, disabled, pending, denied), in one grouped count: the metrics' gauge
 * (lib/server/metrics.mjs), which asks at most every 15 seconds.
 */
export async function countTokensByState(): Promise<Record<string, number>> {
  const groups = await db.apiToken.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
}
