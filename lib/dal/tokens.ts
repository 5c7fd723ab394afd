import "server-only";
import { assertAdmin, ownedBy, ownerIdOf, ownerLock, TOKEN_MANAGERS, type Actor, type SessionUser } from "@/lib/dal/access";
import { appendEvent, recordEvent, tokenSnapshot, type AuditEventInput, type TokenSnapshot } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { enqueueNotice } from "@/lib/dal/notifications";
import { leaveRevocationNotice } from "@/lib/dal/revocation-notices";
import { Prisma } from "@/lib/generated/prisma/client";
import { storedAllowedIps } from "@/lib/ip-allowlist";
import { secrets } from "@/lib/server/secrets.mjs";
import { db, writeTransaction, type Tx, type WriteLock } from "@/lib/server/db";
import { fastSql } from "@/lib/dal/sql";
import { generateToken, hashToken } from "@/lib/server/token-format";
import { MAX_TOKENS_PER_USER, tokenNameKey } from "@/lib/validation/api-token";
import { isoTime, runningOverlap, tokenRowSelect, toRow } from "@/lib/dal/token-rows";
import { INTROSPECT, permissionsFromStored, storedPermissions } from "@/lib/permissions";
import type { Role, Scope } from "@/lib/scopes";
import type { TokenRow } from "@/lib/token-columns";
import { mayCreateTeamToken } from "@/lib/teams";
import { membershipIn } from "@/lib/dal/team-access";
import { currentPolicy } from "@/lib/dal/policies";
import { requestApproval } from "@/lib/dal/token-state-notices";
import { POLICY_PROBLEM_WORDS, policyProblems, reservedPermissions, type PolicyProblem } from "@/lib/policy";
import { expandGrant } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { countRevocation } from "@/lib/server/metrics.mjs";

// A token's making and ending (an owner's delete, an admin's revoke), and the one lookup of every
// API request. Its listings are in lib/dal/token-listing.ts, its roll and edits in token-lifecycle.ts.

/** A token with its owner: what an audit event keeps of it. */
export const snapshotSelect = {
  ...tokenRowSelect,
  user: { select: { id: true, email: true } },
  team: { select: { id: true, name: true } },
} as const satisfies Prisma.ApiTokenSelect;

export const snapshot: (token: Prisma.ApiTokenGetPayload<{ select: typeof snapshotSelect }>) => TokenSnapshot = tokenSnapshot;

export type ChangeContext = { meta: RequestMeta; viaTokenId?: string };

export type CreateTokenResult =
  | { ok: true; token: TokenRow; secret: string }
  | { ok: false; reason: "duplicate_name" | "limit_reached" | "admin_only" | "not_found" | "team_rule" }
  /** The installation's policy refuses it (/admin/policies): `message` says which rule. */
  | { ok: false; reason: "policy"; problem: PolicyProblem; message: string };

class TokenLimitReached extends Error {}
class AdminOnly extends Error {}
class NotInTeam extends Error {}
class TeamRuleRefuses extends Error {}
class PolicyRefuses extends Error {
  constructor(
    readonly problem: PolicyProblem,
    readonly text: string,
  ) {
    super(text);
  }
}

/**
 * `expiresAt` null or absent: the token does not expire. `permissions`: a CUSTOM token's, checked
 * against the catalogue and with each write's read (lib/permissions.ts `checkPermissions`); a
 * preset's are ignored.
 */
export type NewToken = {
  name: string;
  scope: Scope;
  permissions?: readonly string[];
  expiresAt?: Date | null;
  description?: string;
  allowedIps?: string[];
  /** Its own requests per minute (the caller checked it against the installation's); null: the installation's. */
  rateLimitPerMinute?: number | null;
  /** A quota of requests, starting full; null: none. */
  quota?: number | null;
};

/**
 * The secret is returned to be shown once; only its HMAC is stored. The count and the insert
 * share one transaction, so the cap holds under concurrent requests, and the (ownerId, nameKey)
 * unique index makes a duplicate name fail even when two arrive at once. In a team's context the
 * token belongs to the team, and the creator's membership and the team's rule are read in the
 * same transaction, under the team's lock, which every membership change also takes.
 */
export async function createToken(actor: Actor, input: NewToken, context: ChangeContext): Promise<CreateTokenResult> {
  const { token, displayPrefix } = generateToken();
  const tokenHash = hashToken(token, secrets().tokenPepper);
  const ownerId = ownerIdOf(actor);
  try {
    const created = await writeTransaction(
      async (tx) => {
        // A person disabled a moment ago (a request already in flight) makes nothing: their personal
        // tokens were revoked, and their team memberships open nothing. A team token acts for its
        // team, whoever created it, and keeps doing so.
        // The check is a conditional write, not a read: it takes the account's row lock, which the
        // disabling's own update holds until it commits (its lock and ours are different advisory
        // locks). So either the disabling comes first and this sees it, or this comes first and the
        // disabling, waiting for the row, then finds the new token among those it revokes.
        if (actor.team?.via !== "token") {
          const active = await tx.user.updateMany({ where: { id: actor.id, disabledAt: null }, data: { disabledAt: null } });
          if (active.count === 0) throw new NotInTeam();
        }
        if (actor.team?.via === "membership") {
          const member = await membershipIn(tx, actor.team.id, actor.id);
          if (!member) throw new NotInTeam();
          const grant = { scope: input.scope, permissions: input.permissions ?? [] };
          if (!mayCreateTeamToken(member.role, member.memberTokens, grant)) throw new TeamRuleRefuses();
        }
        const count = await tx.apiToken.count({ where: { ownerId } });
        if (count >= MAX_TOKENS_PER_USER) throw new TokenLimitReached();
        const creator = await tx.user.findUnique({ where: { id: actor.id }, select: { role: true } });
        // tokens:introspect reads every token's facts: only an admin grants it, to a personal token of their own.
        if (input.scope === "CUSTOM" && input.permissions?.includes(INTROSPECT)) {
          if (creator?.role !== "ADMIN" || actor.team) throw new AdminOnly();
        }
        // The installation's policy, as it stands in this transaction: a change is in force at the next creation.
        const policy = await currentPolicy(tx);
        const granted = expandGrant({ scope: input.scope, permissions: input.permissions ?? [] }, resourceCatalogue());
        const now = (context.meta.at ?? new Date()).getTime();
        const [problem] = policyProblems(
          { expiresAt: input.expiresAt ?? null, allowedIps: input.allowedIps ?? [], permissions: granted },
          policy,
          now,
        );
        if (problem) throw new PolicyRefuses(problem, POLICY_PROBLEM_WORDS[problem](policy));
        // What a member may not grant themselves waits for an admin; an admin's own tokens never wait.
        const reserved = creator?.role === "ADMIN" ? [] : reservedPermissions(granted, policy);
        const row = await tx.apiToken.create({
          data: {
            userId: actor.id,
            ownerId,
            teamId: actor.team?.id ?? null,
            name: input.name,
            nameKey: tokenNameKey(input.name),
            scope: input.scope,
            permissions: input.scope === "CUSTOM" ? storedPermissions(input.permissions ?? []) : "",
            tokenHash,
            displayPrefix,
            description: input.description ?? "",
            allowedIps: storedAllowedIps(input.allowedIps ?? []),
            createdAt: context.meta.at,
            expiresAt: input.expiresAt ?? null,
            rateLimitPerMinute: input.rateLimitPerMinute ?? null,
            quota: input.quota ?? null,
            quotaRemaining: input.quota ?? null,
            status: reserved.length > 0 ? "pending" : "active",
          },
          select: snapshotSelect,
        });
        await appendEvent(tx, {
          action: "token.created",
          actor: { userId: actor.id, email: actor.email, tokenId: context.viaTokenId },
          token: snapshot(row),
          meta: context.meta,
        });
        if (reserved.length > 0)
          await requestApproval(tx, snapshot(row), {
            ...context,
            detail: `asks for ${reserved.join(", ")}, which members may not grant themselves`,
          });
        await enqueueNotice(tx, "token.created", snapshot(row), {
          at: context.meta.at ?? new Date(),
          expiresAt: input.expiresAt,
          meta: context.meta,
          occasion: "created",
        });
        const { user: _owner, team: _team, ...rest } = row;
        return rest;
      },
      { lock: ownerLock(actor) },
    );
    return { ok: true, token: toRow(created), secret: token };
  } catch (error) {
    if (error instanceof TokenLimitReached) return { ok: false, reason: "limit_reached" };
    if (error instanceof AdminOnly) return { ok: false, reason: "admin_only" };
    if (error instanceof NotInTeam) return { ok: false, reason: "not_found" };
    if (error instanceof TeamRuleRefuses) return { ok: false, reason: "team_rule" };
    if (error instanceof PolicyRefuses) return { ok: false, reason: "policy", problem: error.problem, message: error.text };
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "duplicate_name" };
    throw error;
  }
}

/** Whether an account is not disabled (offboarding), read in the change's transaction. */
const isActive = async (tx: Tx, userId: string) =>
  (await tx.user.findUnique({ where: { id: userId }, select: { disabledAt: true } }))?.disabledAt === null;

/** The row goes, hash included, so nothing can match it afterwards; null, and no event, when none matches. */
async function deleteTokenRecorded(
  where: Prisma.ApiTokenWhereUniqueInput,
  action: "token.deleted" | "token.revoked_by_admin",
  actor: (token: TokenSnapshot) => AuditEventInput["actor"],
  context: ChangeContext,
  lock: WriteLock,
): Promise<TokenSnapshot | null> {
  try {
    const deleted = await writeTransaction(
      async (tx) => {
        const deleted = snapshot(await tx.apiToken.delete({ where, select: snapshotSelect }));
        const by = actor(deleted);
        await appendEvent(tx, { action, actor: by, token: deleted, meta: context.meta });
        // The owner learns of an admin's revocation, by email and on their API Token page; their
        // own delete needs no telling, nor does an admin revoking a token of their own, nor a
        // disabled account (offboarding): its person has left, and the team's tokens are not theirs to hear of.
        if (action === "token.revoked_by_admin" && by?.userId !== deleted.owner.id && (await isActive(tx, deleted.owner.id))) {
          const at = context.meta.at ?? new Date();
          await enqueueNotice(tx, "token.revoked", deleted, { at, occasion: "revoked" });
          await leaveRevocationNotice(tx, deleted, at);
        }
        return deleted;
      },
      { lock },
    );
    countRevocation(action === "token.deleted" ? "owner" : "admin");
    return deleted;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
    throw error;
  }
}

/**
 * Deletes one of the actor's tokens (a team's: as its admin or owner, or as a team token).
 * Ownership is in the delete's own where clause: another owner's id and a missing id both return
 * null, indistinguishably, and leave no event.
 */
export async function deleteToken(actor: Actor, id: string, context: ChangeContext): Promise<{ name: string } | null> {
  const deleted = await deleteTokenRecorded(
    { id, ...ownedBy(actor, TOKEN_MANAGERS) },
    "token.deleted",
    () => ({ userId: actor.id, email: actor.email, tokenId: context.viaTokenId }),
    context,
    ownerLock(actor),
  );
  return deleted && { name: deleted.name };
}

// --- The platform API's view ------------------------------------------------------------------

/** What an API request learns from its token: enough to authorize and to describe its account, nothing secret. */
export type ApiPrincipal = {
  tokenId: string;
  /** Its creator; for a personal token also its owner. */
  userId: string;
  /** The team that owns it; null: a personal token (whose owner is userId). */
  team: { id: string; name: string } | null;
  scope: Scope;
  /** A Custom token's permissions, each write with its read; [] for a preset. */
  permissions: ReadonlySet<string>;
  createdAt: number;
  lastUsedAt: number | null;
  /** The address of that last use: last-used is noted per token per address. */
  lastUsedIp: string | null;
  /** Normalised addresses and ranges, as stored ("": anywhere); lib/api/handler.ts matches the client against them. */
  allowedIps: string;
  expiresAt: number | null;
  /** Whether a refusal after expiry has been audited already (it is, once). */
  expiredUseAudited: boolean;
  /** Authenticated by a rolled token's previous secret, in its overlap: may not manage keys (lib/api/previous-secret.ts). */
  viaPreviousSecret: boolean;
  /** Its own rate limit (requests per minute); null: the installation's. */
  rateLimitPerMinute: number | null;
  /** Its quota and what the database says is left (lib/api/token-limits.ts counts on from it); null: none. */
  quota: number | null;
  quotaRemaining: number | null;
  /** active, or why the authority refuses it (lib/token-states.ts); read by the one lookup, no query of its own. */
  status: string;
  account: { id: string; email: string; name: string; role: Role; createdAt: string };
};

/** Parsed once per distinct list, not on each request: a handful of lists serve most requests. */
const permissionSets = new Map<string, ReadonlySet<string>>();
function permissionSet(stored: string): ReadonlySet<string> {
  let set = permissionSets.get(stored);
  if (!set) {
    if (permissionSets.size >= 1_000) permissionSets.clear();
    set = new Set(permissionsFromStored(stored));
    permissionSets.set(stored, set);
  }
  return set;
}

/**
 * The one query every API request makes. No cache: a token deleted a moment ago is gone for the
 * very next request (lib/dal/sql/index.ts).
 */
export async function findTokenByHash(tokenHash: string): Promise<ApiPrincipal | null> {
  const row = await fastSql.tokenByHash(tokenHash);
  // A rolled token's previous secret opens it only until its overlap ends.
  if (!row || (!row.current && !runningOverlap(row.previousValidUntil))) return null;
  return {
    tokenId: row.id,
    userId: row.userId,
    team: row.teamId ? { id: row.teamId, name: row.teamName ?? "" } : null,
    scope: row.scope,
    permissions: permissionSet(row.permissions),
    createdAt: Date.parse(row.createdAt),
    lastUsedAt: row.lastUsedAt ? Date.parse(row.lastUsedAt) : null,
    lastUsedIp: row.lastUsedIp,
    allowedIps: row.allowedIps,
    expiresAt: row.expiresAt ? Date.parse(row.expiresAt) : null,
    expiredUseAudited: row.expiredUseAuditedAt !== null,
    viaPreviousSecret: !row.current,
    rateLimitPerMinute: row.rateLimitPerMinute,
    quota: row.quota,
    quotaRemaining: row.quotaRemaining,
    status: row.status,
    account: { id: row.userId, email: row.email, name: row.name, role: row.role, createdAt: isoTime(row.userCreatedAt) },
  };
}

/** The actor a request made with a token is: its creator, acting on its owner's tokens (its team's, or the creator's own). */
export const tokenActor = (principal: ApiPrincipal): Actor => ({
  id: principal.userId,
  email: principal.account.email,
  team: principal.team ? { id: principal.team.id, via: "token" } : null,
});

/**
 * Whose token it is, as the services behind the console are told (forward auth's X-Token-User,
 * introspection's sub): its owner, the team for a team token, never its creator, who may leave the
 * team or hand it over, and whose own resources a team's token must not reach.
 */
export const tokenOwnerId = (principal: ApiPrincipal): string => principal.team?.id ?? principal.userId;

/** Records that a token was used, and from where (the demo data's history; the API batches its own, lib/dal/last-used.ts). */
export async function recordTokenUse(tokenId: string, at: Date, from?: { ip: string; client: string }): Promise<void> {
  await writeTransaction(
    async (tx) => {
      // updateMany: a token deleted a moment ago is simply not there to update.
      const { count } = await tx.apiToken.updateMany({
        where: { id: tokenId },
        data: { lastUsedAt: at, lastUsedIp: from?.ip ?? null, lastUsedClient: from?.client ?? null },
      });
      if (count === 0 || !from) return;
      await tx.tokenAddress.upsert({
        where: { tokenId_ip: { tokenId, ip: from.ip } },
        create: { tokenId, ip: from.ip, client: from.client, lastSeenAt: at },
        update: { client: from.client, lastSeenAt: at },
      });
    },
    { lock: ["token", tokenId] },
  );
}

/** Audits a refused request (every reason in lib/api/denials.ts), naming the token as it is now. */
export async function recordApiDenied(principal: { tokenId: string; userId: string }, detail: string, meta: RequestMeta): Promise<void> {
  const token = await db.apiToken.findUnique({ where: { id: principal.tokenId }, select: snapshotSelect });
  await recordEvent({
    action: "api.denied",
    actor: { userId: principal.userId, email: token?.user.email ?? null, tokenId: principal.tokenId },
    token: token ? snapshot(token) : undefined,
    detail,
    meta,
  });
}

// --- The admin's view -------------------------------------------------------------------------

/** An admin's revoke of any token (`where` narrows it: offboarding's, to team tokens); the event names its team, if any. */
async function revokeAsAdmin(admin: SessionUser, where: Prisma.ApiTokenWhereUniqueInput & { id: string }, context: ChangeContext) {
  assertAdmin(admin);
  return deleteTokenRecorded(where, "token.revoked_by_admin", () => ({ userId: admin.id, email: admin.email }), context, [
    "token",
    where.id,
  ]);
}

export async function revokeTokenAsAdmin(
  admin: SessionUser,
  id: string,
  context: ChangeContext,
): Promise<{ name: string; ownerEmail: string } | null> {
  const revoked = await revokeAsAdmin(admin, { id }, context);
  return revoked && { name: revoked.name, ownerEmail: revoked.owner.email };
}

/** A team token only, as offboarding offers them: a personal token's id finds nothing. */
export async function revokeTeamTokenAsAdmin(admin: SessionUser, id: string, context: ChangeContext): Promise<TokenSnapshot | null> {
  return revokeAsAdmin(admin, { id, teamId: { not: null } }, context);
}
