import "server-only";
import type { Actor } from "@/lib/dal/access";
import type { TokenSnapshot } from "@/lib/dal/audit";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RevocationNoticeRow } from "@/lib/model";
import { db, writeTransaction } from "@/lib/server/db";

// A token an admin revokes leaves its owner a notice on the API Token page, as a leaked one
// does (lib/dal/leaks.ts): the row is gone from the listing, and the owner learns why.

/** Written in the revocation's own transaction, so that the two commit or fail together. */
export async function leaveRevocationNotice(tx: Pick<Prisma.TransactionClient, "revocationNotice">, token: TokenSnapshot, at: Date) {
  await tx.revocationNotice.create({
    data: { userId: token.owner.id, tokenId: token.id, tokenName: token.name, tokenPrefix: token.displayPrefix, createdAt: at },
    select: { id: true },
  });
}

export async function revocationNotices(actor: Actor): Promise<RevocationNoticeRow[]> {
  const rows = await db.revocationNotice.findMany({
    where: { userId: actor.id, dismissedAt: null },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, tokenName: true, tokenPrefix: true, createdAt: true },
  });
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

/** Dismisses one of the actor's notices; another user's id, or one dismissed already, changes nothing. */
export async function dismissRevocationNotice(actor: Actor, id: string): Promise<boolean> {
  const { count } = await writeTransaction(
    (tx) => tx.revocationNotice.updateMany({ where: { id, userId: actor.id, dismissedAt: null }, data: { dismissedAt: new Date() } }),
    { lock: ["user", actor.id] },
  );
  return count > 0;
}
