import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/dal/access";
import { enqueueNotice } from "@/lib/dal/notifications";
import type { NewNetworkUse } from "@/lib/dal/sql";
import { snapshot, snapshotSelect } from "@/lib/dal/tokens";
import type { AddressNoticeRow } from "@/lib/model";
import { enqueueWebhooks } from "@/lib/dal/webhooks";
import { db, writeTransaction } from "@/lib/server/db";

// A token used from an address (an IPv6 /64) it was not seen from in the last 30 days: its
// owner gets a notice on the API Token page and, when SMTP is set, an email. The last-used flush
// finds those uses (lib/dal/sql/networks.ts); this tells the owner, at most once an hour per token.

export const ADDRESS_NOTICE_EVERY_MS = 3_600_000;

/**
 * When each token was last warned, as this process knows: a token used from address after
 * address (CI runners, a phone) costs no transaction while its hour runs. The database decides.
 */
const lastWarned = new Map<string, number>();

/**
 * One transaction per token, under the token's lock, so that two instances' flushes leave one
 * notice: the second finds the first's. The email's occasion is the hour, so that the queue
 * itself refuses a second one even then. Answers how many notices were written.
 */
export async function warnOfNewAddresses(uses: NewNetworkUse[], now: Date): Promise<number> {
  const firstOfEach = new Map<string, NewNetworkUse>();
  for (const use of uses) if (!firstOfEach.has(use.tokenId) || use.at < firstOfEach.get(use.tokenId)!.at) firstOfEach.set(use.tokenId, use);
  for (const [tokenId, at] of lastWarned) if (now.getTime() - at >= ADDRESS_NOTICE_EVERY_MS) lastWarned.delete(tokenId);
  let written = 0;
  for (const use of firstOfEach.values()) {
    if (lastWarned.has(use.tokenId)) continue;
    try {
      const warned = await warnOne(use, now);
      if (warned) lastWarned.set(use.tokenId, warned.at.getTime());
      if (warned?.now) written++;
    } catch (error) {
      // Told already, by another instance in the same hour.
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
      lastWarned.set(use.tokenId, now.getTime());
    }
  }
  return written;
}

/** When the token was last warned, and whether that was now; null for a token gone. */
async function warnOne(use: NewNetworkUse, now: Date): Promise<{ at: Date; now: boolean } | null> {
  return writeTransaction(
    async (tx) => {
      // Deleted since its use: nobody to warn, nothing to protect.
      const token = await tx.apiToken.findUnique({ where: { id: use.tokenId }, select: snapshotSelect });
      if (!token) return null;
      const recent = await tx.addressNotice.findFirst({
        where: { tokenId: token.id, createdAt: { gt: new Date(now.getTime() - ADDRESS_NOTICE_EVERY_MS) } },
        orderBy: { createdAt: "desc" },
        select: { createdAt: true },
      });
      if (recent) return { at: recent.createdAt, now: false };
      await tx.addressNotice.create({
        data: {
          userId: token.user.id,
          tokenId: token.id,
          tokenName: token.name,
          tokenPrefix: token.displayPrefix,
          ip: use.ip,
          client: use.client,
          seenAt: use.at,
          createdAt: now,
        },
        select: { id: true },
      });
      const hour = new Date(Math.floor(now.getTime() / ADDRESS_NOTICE_EVERY_MS) * ADDRESS_NOTICE_EVERY_MS);
      await enqueueWebhooks(tx, {
        type: "token.used_from_new_address",
        at: now,
        token: snapshot(token),
        detail: `first use from ${use.ip} (${use.client}) at ${use.at.toISOString()}`,
      });
      await enqueueNotice(tx, "token.new_address", snapshot(token), {
        at: use.at,
        occasion: `new-address:${hour.toISOString()}`,
        address: { ip: use.ip, client: use.client },
      });
      return { at: now, now: true };
    },
    { lock: ["token", use.tokenId] },
  );
}

// --- The owner's view ---------------------------------------------------------------------------

export async function addressNotices(actor: Actor): Promise<AddressNoticeRow[]> {
  const rows = await db.addressNotice.findMany({
    where: { userId: actor.id, dismissedAt: null },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, tokenId: true, tokenName: true, tokenPrefix: true, ip: true, client: true, seenAt: true },
  });
  // A token deleted since has nothing left to warn of.
  const live = await db.apiToken.findMany({
    where: { userId: actor.id, id: { in: [...new Set(rows.map((row) => row.tokenId))] } },
    select: { id: true },
  });
  const kept = new Set(live.map((token) => token.id));
  return rows.filter((row) => kept.has(row.tokenId)).map((row) => ({ ...row, seenAt: row.seenAt.toISOString() }));
}

/** Dismisses one of the actor's notices; another user's id, or one dismissed already, changes nothing. */
export async function dismissAddressNotice(actor: Actor, id: string): Promise<boolean> {
  const { count } = await writeTransaction(
    (tx) => tx.addressNotice.updateMany({ where: { id, userId: actor.id, dismissedAt: null }, data: { dismissedAt: new Date() } }),
    { lock: ["user", actor.id] },
  );
  return count > 0;
}
