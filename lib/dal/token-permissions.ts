import "server-only";
import { ownedBy, ownerIdOf, ownerLock, TOKEN_MANAGERS, type Actor } from "@/lib/dal/access";
import { appendEvent } from "@/lib/dal/audit";
import { snapshot, snapshotSelect, type ChangeContext } from "@/lib/dal/tokens";
import { toRow } from "@/lib/dal/token-rows";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  expandGrant,
  grantLabel,
  narrowingOf,
  USE_WINDOW_DAYS,
  permissionsFromStored,
  storedPermissions,
  withImpliedReads,
  type Grant,
  type PermissionUse,
} from "@/lib/permissions";
import { DAY_MS } from "@/lib/model";
import { SCOPE_LABELS, type Scope } from "@/lib/scopes";
import type { TokenRow } from "@/lib/token-columns";
import { db, writeTransaction } from "@/lib/server/db";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";

// A token's permissions after creation: they never widen, and they may narrow, by a list (the
// API) or to what the token really used (the console's "Remove unused permissions"), over the
// last USE_WINDOW_DAYS (lib/permissions.ts, which the details panel reads too).

const grantOf = (token: { scope: Scope; permissions: string }): Grant => ({
  scope: token.scope,
  permissions: permissionsFromStored(token.permissions),
});

/** One of the actor's tokens' grant, or null (another owner's id and a missing one alike). */
export async function tokenGrant(actor: Actor, id: string): Promise<Grant | null> {
  const token = await db.apiToken.findFirst({ where: { id, ...ownedBy(actor) }, select: { scope: true, permissions: true } });
  return token && grantOf(token);
}

/**
 * The platform's resources whose use this console has seen in the window, on the tokens of one
 * owner: forward auth answered for them, so their service sits behind a proxy that asks, and a
 * token's "not used" there means something. A service that never asks (introspection, or no
 * check at all) is not among them, and narrowing keeps its permissions. The owner's own tokens
 * only: the route rules are the whole platform's, and any proxy in front of any one service asks
 * about whatever path a client sends it, so anyone's token could have forward auth answer for a
 * resource and make another user's narrowing drop permissions a service checks by introspection.
 * Read at most once a minute per owner and process (a scan of the owner's uses).
 */
const observed = new Map<string, { at: number; resources: Promise<ReadonlySet<string>> }>();
function observedResources(
  reader: Pick<Prisma.TransactionClient, "tokenPermissionUse">,
  ownerId: string,
  now: number,
): Promise<ReadonlySet<string>> {
  const cached = observed.get(ownerId);
  if (cached && now - cached.at < 60_000) return cached.resources;
  if (observed.size >= 1_000) observed.clear();
  const since = new Date(now - USE_WINDOW_DAYS * DAY_MS);
  const resources = reader.tokenPermissionUse
    .groupBy({ by: ["permission"], where: { lastUsedAt: { gte: since }, token: { ownerId } } })
    .then((rows) => new Set(rows.map((row) => row.permission.slice(0, row.permission.lastIndexOf(":")))));
  observed.set(ownerId, { at: now, resources });
  resources.catch(() => observed.delete(ownerId));
  return resources;
}

/** Forgets the resources seen in use (tests that record a use and look at once). */
export function forgetObservedResources() {
  observed.clear();
}

/** Every permission a token holds, with when it last exercised it (null: never recorded); in a transaction, through it. */
export async function permissionUses(
  reader: Pick<Prisma.TransactionClient, "tokenPermissionUse">,
  token: { id: string; ownerId: string } & Grant,
  now = Date.now(),
): Promise<PermissionUse[]> {
  const [uses, seen] = await Promise.all([
    reader.tokenPermissionUse.findMany({ where: { tokenId: token.id }, select: { permission: true, lastUsedAt: true } }),
    observedResources(reader, token.ownerId, now),
  ]);
  const last = new Map(uses.map((use) => [use.permission, use.lastUsedAt.toISOString()]));
  const catalogue = resourceCatalogue();
  const builtIn = new Set(catalogue.filter((resource) => resource.builtIn).map((resource) => resource.id));
  return expandGrant(token, catalogue).map((permission) => {
    const resource = permission.slice(0, permission.lastIndexOf(":"));
    return { permission, lastUsedAt: last.get(permission) ?? null, recorded: builtIn.has(resource) || seen.has(resource) };
  });
}

export type NarrowResult =
  | { ok: true; token: TokenRow; changed: boolean; removed: string[] }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "widens"; notHeld: string[] }
  | { ok: false; reason: "unused" }
  | { ok: false; reason: "changed" };

const said = (grant: Grant) => (grant.scope === "CUSTOM" ? grant.permissions.join(", ") : grantLabel(grant, SCOPE_LABELS));

/**
 * The token keeps only `keep` (checked against the catalogue, each write with its read), which
 * must be a subset of what it holds: anything else is refused, and nothing changes. Its secret,
 * id and everything else stay. `keep` "used": what it exercised in the last USE_WINDOW_DAYS.
 */
export async function narrowToken(
  actor: Actor,
  id: string,
  keep: readonly string[] | "used",
  context: ChangeContext & { expectRemoved?: readonly string[] },
): Promise<NarrowResult> {
  const now = context.meta.at ?? new Date();
  return writeTransaction(
    async (tx) => {
      const current = await tx.apiToken.findFirst({ where: { id, ...ownedBy(actor, TOKEN_MANAGERS) }, select: snapshotSelect });
      if (!current) return { ok: false, reason: "not_found" } as const;
      const before = grantOf(current);
      const held = expandGrant(before, resourceCatalogue());
      let wanted: string[];
      if (keep === "used") {
        // The panel's rule (lib/permissions.ts), on the uses as they are now.
        wanted = narrowingOf(
          await permissionUses(tx, { id, ownerId: ownerIdOf(actor), ...before }),
          now.getTime(),
          resourceCatalogue(),
        ).kept;
        if (wanted.length === 0) return { ok: false, reason: "unused" } as const;
      } else {
        wanted = withImpliedReads(keep);
        const notHeld = wanted.filter((permission) => !held.includes(permission));
        if (notHeld.length > 0) return { ok: false, reason: "widens", notHeld } as const;
      }
      const removed = held.filter((permission) => !wanted.includes(permission));
      // What a confirmation listed as going is what goes, or nothing does.
      const expected = context.expectRemoved;
      if (expected && (expected.length !== removed.length || !removed.every((permission) => expected.includes(permission))))
        return { ok: false, reason: "changed" } as const;
      const { user: _owner, team: _team, ...unchanged } = current;
      if (before.scope === "CUSTOM" && removed.length === 0) return { ok: true, token: toRow(unchanged), changed: false, removed } as const;
      const after: Grant = { scope: "CUSTOM", permissions: wanted };
      const updated = await tx.apiToken.update({
        where: { id },
        data: { scope: "CUSTOM", permissions: storedPermissions(wanted) },
        select: snapshotSelect,
      });
      await appendEvent(tx, {
        action: "token.permissions_narrowed",
        actor: { userId: actor.id, email: actor.email, tokenId: context.viaTokenId },
        token: snapshot(updated),
        detail: `${said(before)} → ${said(after)}`.slice(0, 2_000),
        meta: { ...context.meta, at: now },
      });
      const { user: _same, team: _sameTeam, ...row } = updated;
      return { ok: true, token: toRow(row), changed: true, removed } as const;
    },
    { lock: ownerLock(actor) },
  );
}
