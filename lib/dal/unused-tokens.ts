import "server-only";
import { assertAdmin, type SessionUser } from "@/lib/dal/access";
import { revokeTokenAsAdmin, type ChangeContext } from "@/lib/dal/tokens";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";

// The admin Overview's tokens unused for 30 or 90 days, and their revocation in bulk: each one
// revoked as an admin revokes one from All Tokens (audited, its owner told), one at a time.

/** At most this many are listed, and revoked at once: a page the admin can read before confirming. */
export const UNUSED_SHOWN = 100;

export type UnusedToken = {
  id: string;
  name: string;
  displayPrefix: string;
  ownerEmail: string;
  createdAt: string;
  lastUsedAt: string | null;
};

/** Used last before the cutoff, or never used and created before it (both on an index). */
const unusedSince = (cutoff: Date): Prisma.ApiTokenWhereInput => ({
  OR: [{ lastUsedAt: { lt: cutoff } }, { lastUsedAt: null, createdAt: { lt: cutoff } }],
});

const cutoffOf = (days: number, now: number) => new Date(now - days * 86_400_000);

/** Past this many, the count says "more than": counting them all would read every row at scale. */
export const UNUSED_COUNT_LIMIT = 10_000;

const unusedSelect = {
  id: true,
  name: true,
  displayPrefix: true,
  createdAt: true,
  lastUsedAt: true,
  user: { select: { email: true } },
} as const satisfies Prisma.ApiTokenSelect;

export async function unusedTokens(
  admin: SessionUser,
  days: number,
  now = Date.now(),
): Promise<{ total: number; totalCapped: boolean; tokens: UnusedToken[] }> {
  assertAdmin(admin);
  const cutoff = cutoffOf(days, now);
  // The longest unused first: never used, then the longest since last use; each part read in
  // the order of the (lastUsedAt, id) index, so that a page never sorts the whole table.
  const never: Prisma.ApiTokenWhereInput = { lastUsedAt: null, createdAt: { lt: cutoff } };
  const [total, neverUsed] = await Promise.all([
    db.apiToken.count({ where: unusedSince(cutoff), take: UNUSED_COUNT_LIMIT + 1 }),
    db.apiToken.findMany({ where: never, orderBy: { id: "asc" }, take: UNUSED_SHOWN, select: unusedSelect }),
  ]);
  const usedLongAgo =
    neverUsed.length < UNUSED_SHOWN
      ? await db.apiToken.findMany({
          where: { lastUsedAt: { lt: cutoff } },
          orderBy: [{ lastUsedAt: "asc" }, { id: "asc" }],
          take: UNUSED_SHOWN - neverUsed.length,
          select: unusedSelect,
        })
      : [];
  return {
    total: Math.min(total, UNUSED_COUNT_LIMIT),
    totalCapped: total > UNUSED_COUNT_LIMIT,
    tokens: [...neverUsed, ...usedLongAgo].map((row) => ({
      id: row.id,
      name: row.name,
      displayPrefix: row.displayPrefix,
      ownerEmail: row.user.email,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * Revokes those of `ids` that are still unused for `days` (one used since the list was read is
 * kept), each through the admin's revoke. Returns how many were revoked.
 */
export async function revokeUnusedTokens(
  admin: SessionUser,
  ids: readonly string[],
  days: number,
  context: ChangeContext,
): Promise<number> {
  assertAdmin(admin);
  const still = await db.apiToken.findMany({
    where: { AND: [{ id: { in: [...ids].slice(0, UNUSED_SHOWN) } }, unusedSince(cutoffOf(days, Date.now()))] },
    select: { id: true },
  });
  let revoked = 0;
  for (const { id } of still) if (await revokeTokenAsAdmin(admin, id, context)) revoked += 1;
  return revoked;
}
