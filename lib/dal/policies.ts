import "server-only";
import type { SessionUser } from "@/lib/dal/access";
import { assertAdmin } from "@/lib/dal/access";
import { appendEvent } from "@/lib/dal/audit";
import type { RequestMeta } from "@/lib/server/request-context";
import type { TokenPolicy } from "@/lib/policy";
import { env } from "@/lib/server/config.mjs";
import { db, writeTransaction, type Tx } from "@/lib/server/db";

// The installation's token policy: one row (Policy, id "installation"), written by admins on
// /admin/policies, read inside every token creation's transaction (so a change is in force at the
// next creation, on every instance: no cache) and by the jobs. Without a row, the environment's
// defaults: TOKEN_DEFAULT_LIFETIME_DAYS and TOKEN_MAX_LIFETIME_DAYS, nothing else required.

const ID = "installation";

export function defaultPolicy(): TokenPolicy {
  return {
    defaultLifetimeDays: env().TOKEN_DEFAULT_LIFETIME_DAYS,
    maxLifetimeDays: env().TOKEN_MAX_LIFETIME_DAYS ?? null,
    requireExpiry: false,
    requireAllowedIpsForWrite: false,
    selfGrantable: "*",
    inactivityWarnDays: null,
    inactivityDisableDays: null,
    requireTwoFactor: false,
  };
}

type Row = NonNullable<Awaited<ReturnType<typeof db.policy.findUnique>>>;
const fromRow = (row: Row): TokenPolicy => ({
  defaultLifetimeDays: row.defaultLifetimeDays,
  maxLifetimeDays: row.maxLifetimeDays,
  requireExpiry: row.requireExpiry,
  requireAllowedIpsForWrite: row.requireAllowedIpsForWrite,
  selfGrantable: row.selfGrantable === "*" ? "*" : row.selfGrantable ? row.selfGrantable.split(",") : [],
  inactivityWarnDays: row.inactivityWarnDays,
  inactivityDisableDays: row.inactivityDisableDays,
  requireTwoFactor: row.requireTwoFactor,
});

/** The policy in force now (read in `tx` when given: a creation decides on what it read under its lock). */
export async function currentPolicy(tx: Tx | typeof db = db): Promise<TokenPolicy> {
  const row = await tx.policy.findUnique({ where: { id: ID } });
  return row ? fromRow(row) : defaultPolicy();
}

const FIELD_NAMES: Record<keyof TokenPolicy, string> = {
  defaultLifetimeDays: "default lifetime",
  maxLifetimeDays: "maximum lifetime",
  requireExpiry: "expiry required",
  requireAllowedIpsForWrite: "allowed IPs required for write",
  selfGrantable: "self-grantable permissions",
  inactivityWarnDays: "warn after days unused",
  inactivityDisableDays: "disable after days unused",
  requireTwoFactor: "two-factor required",
};
const shown = (value: TokenPolicy[keyof TokenPolicy]) =>
  value === null ? "none" : Array.isArray(value) ? (value.length ? value.join(" ") : "none") : String(value);

/** "maximum lifetime: none → 90; expiry required: false → true": what an audit event says changed. */
export function policyChanges(before: TokenPolicy, after: TokenPolicy): string[] {
  return (Object.keys(FIELD_NAMES) as (keyof TokenPolicy)[])
    .filter((key) => shown(before[key]) !== shown(after[key]))
    .map((key) => `${FIELD_NAMES[key]}: ${shown(before[key])} → ${shown(after[key])}`);
}

export type PolicyUpdate = { ok: true; changes: string[] } | { ok: false; reason: "unchanged" };

/** Writes the policy and its audit event (before → after) in one transaction. Admins only, checked here too. */
export async function updatePolicy(admin: SessionUser, next: TokenPolicy, context: { meta: RequestMeta }): Promise<PolicyUpdate> {
  assertAdmin(admin);
  return writeTransaction(
    async (tx) => {
      const before = await currentPolicy(tx);
      const changes = policyChanges(before, next);
      if (changes.length === 0) return { ok: false, reason: "unchanged" } as const;
      const data = {
        defaultLifetimeDays: next.defaultLifetimeDays,
        maxLifetimeDays: next.maxLifetimeDays,
        requireExpiry: next.requireExpiry,
        requireAllowedIpsForWrite: next.requireAllowedIpsForWrite,
        selfGrantable: next.selfGrantable === "*" ? "*" : next.selfGrantable.join(","),
        inactivityWarnDays: next.inactivityWarnDays,
        inactivityDisableDays: next.inactivityDisableDays,
        requireTwoFactor: next.requireTwoFactor,
        updatedAt: context.meta.at ?? new Date(),
        updatedById: admin.id,
      };
      await tx.policy.upsert({ where: { id: ID }, create: { id: ID, ...data }, update: data });
      await appendEvent(tx, {
        action: "policy.updated",
        actor: { userId: admin.id, email: admin.email },
        detail: changes.join("; "),
        meta: context.meta,
      });
      return { ok: true, changes } as const;
    },
    { lock: ["admins"] },
  );
}
