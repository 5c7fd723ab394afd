import "server-only";
import type { Actor } from "@/lib/dal/access";
import type { TokenSnapshot } from "@/lib/dal/audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ownerNoticeKindOf, type OwnerNoticeKind, type RevocationNoticeRow } from "@/lib/model";
import { db, writeTransaction } from "@/lib/server/db";

// What someone else did to a token leaves its owner a notice on the API Token page, as a leak
// does (lib/dal/leaks.ts): an admin revoked it (the row is gone from the listing, and the owner
// learns why), approved or denied it, or it was disabled by an admin, a policy or disuse.

/**
 * Written in the change's own transaction, so that the two commit or fail together. `reason`: a
 * denial's words, or what disabled it. Only to someone the token is still theirs to hear of: not
 * a disabled account (offboarded), nor, for a team token, a creator who has left the team.
 */
export async function leaveRevocationNotice(
  tx: Pick<Prisma.TransactionClient, "revocationNotice" | "user" | "teamMember">,
  token: TokenSnapshot,
  at: Date,
  { kind = "revoked", reason = "" }: { kind?: OwnerNoticeKind; reason?: string } = {},
) {
  const owner = await tx.user.findUnique({ where: { id: token.owner.id }, select: { disabledAt: true } });
  if (!owner || owner.disabledAt) return;
  if (token.team) {
    const member = await tx.teamMember.findUnique({
      where: { teamId_userId: { teamId: token.team.id, userId: token.owner.id } },
      select: { userId: true },
    });
    if (!member) return;
  }
  await tx.revocationNotice.create({
    data: {
      userId: token.owner.id,
      tokenId: token.id,
      tokenName: token.name,
      tokenPrefix: token.displayPrefix,
      kind,
      reason,
      createdAt: at,
    },
    select: { id: true },
  });
}

export async function revocationNotices(actor: Actor): Promise<RevocationNoticeRow[]> {
  const rows = await db.revocationNotice.findMany({
    where: { userId: actor.id, dismissedAt: null },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, tokenName: true, tokenPrefix: true, kind: true, reason: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, kind: ownerNoticeKindOf(row.kind), createdAt: row.createdAt.toISOString() }));
}

/** Dismisses one of the actor's notices; another user's id, or one dismissed already, changes nothing. */
export async function dismissRevocationNotice(actor: Actor, id: string): Promise<boolean> {
  const { count } = await writeTransaction(
    (tx) => tx.revocationNotice.updateMany({ where: { id, userId: actor.id, dismissedAt: null }, data: { dismissedAt: new Date() } }),
    { lock: ["user", actor.id] },
  );
  return count > 0;
}
