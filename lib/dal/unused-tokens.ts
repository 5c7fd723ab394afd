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

export async function unusedTokens(admin: SessionUser, days: number, now = Date.now()): Promise<{ total: number; tokens: UnusedToken[] }> {
  assertAdmin(admin);
  const where = unusedSince(cutoffOf(days, now));
  const [total, rows] = await Promise.all([
    db.apiToken.count({ where }),
    db.apiToken.findMany({
      where,
      // The longest unused first: never used, oldest created; then the longest since last use.
      orderBy: [{ lastUsedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }, { id: "asc" }],
      take: UNUSED_SHOWN,
      select: { id: true, name: true, displayPrefix: true, createdAt: true, lastUsedAt: true, user: { select: { email: true } } },
    }),
  ]);
  return {
    total,
    tokens: rows.map((row) => ({
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
