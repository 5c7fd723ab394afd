import "server-only";
import { ownedBy, ownerLock, TOKEN_MANAGERS, type Actor } from "@/lib/dal/access";
import { appendEvent, recordEvent } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import { snapshot, snapshotSelect, type ApiPrincipal, type ChangeContext } from "@/lib/dal/tokens";
import { toRow } from "@/lib/dal/token-rows";
import { Prisma } from "@/lib/generated/prisma/client";
import { allowedIpsFromStored, storedAllowedIps, widensAllowedIps } from "@/lib/ip-allowlist";
import { DAY_MS, ROLL_OVERLAPS, formatCount } from "@/lib/model";
import { currentPolicy } from "@/lib/dal/policies";
import { expandGrant, permissionsFromStored } from "@/lib/permissions";
import { POLICY_PROBLEM_WORDS, policyProblems } from "@/lib/policy";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import type { TokenRow } from "@/lib/token-columns";
import { secrets } from "@/lib/server/secrets.mjs";
import { db, retryWhileBusy, writeTransaction } from "@/lib/server/db";
import { generateToken, hashToken } from "@/lib/server/token-format";
import { tokenNameKey } from "@/lib/validation/api-token";
import { discardQuotaSpends, flushQuotaSpends } from "@/lib/dal/quota-spends";
import { quotaCounter } from "@/lib/server/quota";

// A token's life after creation: edited (name, description, allowed IPs; never its scope),
// rolled to a new secret (with an overlap during which the previous one still works), and
// refused once it has expired.

/**
 * What an edit may change; a field left out stays as it is. Limits: `rateLimitPerMinute` null is
 * the installation's; `quota` null is none, and a new quota starts full (or at `quotaRemaining`);
 * `quotaRemaining` alone refills the quota the token has. Only the owner edits (the where clause
 * is theirs), so only the owner refills.
 */
export type TokenChanges = {
  name?: string;
  description?: string;
  allowedIps?: string[];
  rateLimitPerMinute?: number | null;
  quota?: number | null;
  quotaRemaining?: number;
};
export type UpdateResult =
  | { ok: true; token: TokenRow; changed: boolean }
  | { ok: false; reason: "not_found" | "duplicate_name" | "no_quota" | "remaining_above_quota" }
  /** The policy requires allowed IPs for a token that can write, and the edit would empty them. */
  | { ok: false; reason: "policy"; message: string };

const perMinute = (limit: number | null) => (limit === null ? "the installation’s" : `${formatCount(limit)} per minute`);
const quotaWords = (quota: number | null, remaining: number | null) =>
  quota === null ? "none" : `${formatCount(remaining ?? quota)} of ${formatCount(quota)} left`;

const quote = (text: string) => (text ? `“${text}”` : "none");
const addresses = (list: string[]) => (list.length > 0 ? list.join(", ") : "anywhere");

/**
 * Ownership is in the update's own where clause; an edit that changes nothing writes nothing.
 * A name another of the actor's tokens has (ignoring case) is refused.
 */
export async function updateToken(actor: Actor, id: string, changes: TokenChanges, context: ChangeContext): Promise<UpdateResult> {
  // What this instance spent is written first, so that the audit says what was left.
  if (changes.quota !== undefined || changes.quotaRemaining !== undefined) await flushQuotaSpends();
  try {
    const result = await writeTransaction(
      async (tx) => {
        const current = await tx.apiToken.findFirst({ where: { id, ...ownedBy(actor, TOKEN_MANAGERS) }, select: snapshotSelect });
        if (!current) return { ok: false, reason: "not_found" } as const;
        const data: Prisma.ApiTokenUpdateInput = {};
        const said: string[] = [];
        if (changes.name !== undefined && changes.name !== current.name) {
          data.name = changes.name;
          data.nameKey = tokenNameKey(changes.name);
          said.push(`name: ${quote(current.name)} → ${quote(changes.name)}`);
        }
        if (changes.description !== undefined && changes.description !== current.description) {
          data.description = changes.description;
          said.push(`description: ${quote(current.description)} → ${quote(changes.description)}`);
        }
        const before = allowedIpsFromStored(current.allowedIps);
        if (changes.allowedIps !== undefined && storedAllowedIps(changes.allowedIps) !== current.allowedIps) {
          // The policy holds for an edit as for a creation: no write from anywhere (no list, or
          // one like 0.0.0.0/0) when it requires allowed IPs.
          const policy = await currentPolicy(tx);
          const granted = expandGrant(
            { scope: current.scope, permissions: permissionsFromStored(current.permissions) },
            resourceCatalogue(),
          );
          if (
            policyProblems(
              { expiresAt: null, allowedIps: changes.allowedIps, permissions: granted },
              { ...policy, requireExpiry: false, maxLifetimeDays: null },
              Date.now(),
            ).length > 0
          )
            return { ok: false, reason: "policy", message: POLICY_PROBLEM_WORDS.allowed_ips_required(policy) } as const;
          data.allowedIps = storedAllowedIps(changes.allowedIps);
          said.push(`allowed IPs: ${addresses(before)} → ${addresses(changes.allowedIps)}`);
        }
        if (changes.rateLimitPerMinute !== undefined && changes.rateLimitPerMinute !== current.rateLimitPerMinute) {
          data.rateLimitPerMinute = changes.rateLimitPerMinute;
          said.push(`rate limit: ${perMinute(current.rateLimitPerMinute)} → ${perMinute(changes.rateLimitPerMinute)}`);
        }
        const quota = changes.quota !== undefined ? changes.quota : current.quota;
        if (changes.quotaRemaining !== undefined && quota === null) return { ok: false, reason: "no_quota" } as const;
        if (changes.quotaRemaining !== undefined && quota !== null && changes.quotaRemaining > quota)
          return { ok: false, reason: "remaining_above_quota" } as const;
        // A new quota starts full; the same quota with a remaining is a refill.
        const refilled = (changes.quota !== undefined && changes.quota !== current.quota) || changes.quotaRemaining !== undefined;
        if (refilled) {
          data.quota = quota;
          data.quotaRemaining = quota === null ? null : (changes.quotaRemaining ?? quota);
          said.push(
            `quota: ${quotaWords(current.quota, current.quotaRemaining)} → ${quotaWords(quota, data.quotaRemaining as number | null)}${quota === null ? "" : " (refilled)"}`,
          );
        }
        const { user: _owner, team: _team, ...unchanged } = current;
        if (said.length === 0) return { ok: true, token: toRow(unchanged), changed: false } as const;
        const updated = await tx.apiToken.update({ where: { id, ...ownedBy(actor, TOKEN_MANAGERS) }, data, select: snapshotSelect });
        await appendEvent(tx, {
          action: "token.updated",
          actor: { userId: actor.id, email: actor.email, tokenId: context.viaTokenId },
          token: snapshot(updated),
          detail: said.join("; "),
          meta: context.meta,
        });
        const { user: _same, team: _sameTeam, ...row } = updated;
        return { ok: true, token: toRow(row), changed: true, refilled } as const;
      },
      { lock: ownerLock(actor) },
    );
    // Committed: every instance counts from the new quota at once, and what was spent before it
    // (and not yet written) is not taken from it.
    if (result.ok && "refilled" in result && result.refilled) {
      discardQuotaSpends(id);
      await quotaCounter().refill(id, result.token.quota, result.token.quotaRemaining);
    }
    if (!result.ok) return result;
    return { ok: true, token: result.token, changed: result.changed };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { ok: false, reason: "duplicate_name" };
    throw error;
  }
}

export type RollResult =
  | { ok: true; token: TokenRow; secret: string; previousValidUntil: Date; policyExpiry: Date | null }
  | { ok: false; reason: "not_found" | "expired" | "not_active" }
  | { ok: false; reason: "policy"; message: string };

const overlapWords = (seconds: number) =>
  ROLL_OVERLAPS.find((overlap) => overlap.seconds === seconds)?.label.toLowerCase() ?? `in ${seconds} seconds`;

/**
 * Gives the actor's token a new secret, shown once; id, name, scope and expiry stay. The
 * previous secret keeps working for `overlapSeconds` (0: it stops now), then never again. A
 * roll during an earlier overlap ends that one at once: at most two secrets are ever live.
 *
 * A token a new policy kept working is kept until its next roll: the roll applies the policy in
 * force. Without an expiry, or expiring later than the maximum lifetime from now, the new secret
 * expires at the maximum (`policyExpiry`, audited); a token that can write from any address when
 * the policy requires allowed IPs is refused ("policy": its owner lists them in Edit first).
 */
export async function rollToken(actor: Actor, id: string, overlapSeconds: number, context: ChangeContext): Promise<RollResult> {
  const { token: secret, displayPrefix } = generateToken();
  const tokenHash = hashToken(secret, secrets().tokenPepper);
  const now = context.meta.at ?? new Date();
  const previousValidUntil = new Date(now.getTime() + overlapSeconds * 1000);
  return writeTransaction(
    async (tx) => {
      const current = await tx.apiToken.findFirst({
        where: { id, ...ownedBy(actor, TOKEN_MANAGERS) },
        select: { tokenHash: true, expiresAt: true, status: true, scope: true, permissions: true, allowedIps: true },
      });
      if (!current) return { ok: false, reason: "not_found" } as const;
      // A pending or denied token waits for (or has had) an admin's decision: a new secret would change nothing of it.
      if (current.status === "pending" || current.status === "denied") return { ok: false, reason: "not_active" } as const;
      if (current.expiresAt && current.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" } as const;
      const policy = await currentPolicy(tx);
      const problems = policyProblems(
        {
          expiresAt: current.expiresAt,
          createdAt: now,
          allowedIps: allowedIpsFromStored(current.allowedIps),
          permissions: expandGrant({ scope: current.scope, permissions: permissionsFromStored(current.permissions) }, resourceCatalogue()),
        },
        policy,
        now.getTime(),
      );
      if (problems.includes("allowed_ips_required"))
        return {
          ok: false,
          reason: "policy",
          message: `${POLICY_PROBLEM_WORDS.allowed_ips_required(policy)} Edit the token, then roll it.`,
        } as const;
      const policyExpiry =
        problems.length > 0 ? new Date(now.getTime() + (policy.maxLifetimeDays ?? policy.defaultLifetimeDays) * DAY_MS) : null;
      const rolled = await tx.apiToken.update({
        where: { id, status: current.status },
        data: {
          ...(policyExpiry ? { expiresAt: policyExpiry } : {}),
          tokenHash,
          displayPrefix,
          previousTokenHash: overlapSeconds > 0 ? current.tokenHash : null,
          previousValidUntil: overlapSeconds > 0 ? previousValidUntil : null,
        },
        select: { ...snapshotSelect, expiresAt: true, previousValidUntil: true },
      });
      await appendEvent(tx, {
        action: "token.rolled",
        actor: { userId: actor.id, email: actor.email, tokenId: context.viaTokenId },
        token: snapshot(rolled),
        detail:
          (overlapSeconds > 0
            ? `previous secret valid until ${previousValidUntil.toISOString()} (${overlapWords(overlapSeconds)})`
            : "previous secret stopped at once") +
          (policyExpiry
            ? `; expiry ${current.expiresAt ? current.expiresAt.toISOString() : "none"} → ${policyExpiry.toISOString()} (the policy's maximum lifetime)`
            : ""),
        meta: context.meta,
      });
      const { user: _owner, team: _team, ...row } = rolled;
      return {
        ok: true,
        token: toRow(row),
        secret,
        previousValidUntil: overlapSeconds > 0 ? previousValidUntil : now,
        policyExpiry,
      } as const;
    },
    { lock: ownerLock(actor) },
  );
}

/**
 * Audits the first refusal of a token after its expiry, once per token however many requests
 * follow (a conditional update decides which request is first, on any instance).
 */
export async function recordExpiredUse(principal: ApiPrincipal, detail: string, meta: RequestMeta): Promise<void> {
  const first = await retryWhileBusy(() =>
    db.apiToken.updateMany({
      where: { id: principal.tokenId, expiredUseAuditedAt: null },
      data: { expiredUseAuditedAt: meta.at ?? new Date() },
    }),
  );
  if (first.count === 0) return;
  const token = await db.apiToken.findUnique({ where: { id: principal.tokenId }, select: snapshotSelect });
  await recordEvent({
    action: "token.expired_used",
    actor: { userId: principal.userId, email: principal.account.email, tokenId: principal.tokenId },
    token: token ? snapshot(token) : undefined,
    detail,
    meta,
  });
}

/** Whether an edit's allowed IPs would widen one of the actor's tokens (sudo mode asks then); a token it cannot reach: no. */
export async function tokenIpsWidenedBy(actor: Actor, id: string, next: readonly string[]): Promise<boolean> {
  const found = await db.apiToken.findFirst({ where: { id, ...ownedBy(actor, TOKEN_MANAGERS) }, select: { allowedIps: true } });
  return found !== null && widensAllowedIps(allowedIpsFromStored(found.allowedIps), next);
}
