import "server-only";
import { assertAdmin, type SessionUser } from "@/lib/dal/access";
import { appendEvent } from "@/lib/dal/audit";
import { currentPolicy } from "@/lib/dal/policies";
import { noticeToOwner } from "@/lib/dal/token-state-notices";
import { disableTokenForPolicy } from "@/lib/dal/token-states";
import { revokeTokenAsAdmin, snapshot, snapshotSelect, type ChangeContext } from "@/lib/dal/tokens";
import type { Prisma } from "@/lib/generated/prisma/client";
import { allowedIpsFromStored } from "@/lib/ip-allowlist";
import { expandGrant, permissionsFromStored } from "@/lib/permissions";
import {
  complianceProblems,
  COMPLIANCE_PROBLEMS,
  unusedDaysOf,
  type ComplianceProblem,
  type PolicyImpact,
  type TokenPolicy,
} from "@/lib/policy";
import { DAY_MS } from "@/lib/model";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { mailConfigured } from "@/lib/server/mail";
import { db, writeTransaction } from "@/lib/server/db";

// The compliance view (/admin/compliance) and what a policy change means for existing tokens:
// the working tokens (active, not expired) that break the policy in force, or sit unused, found by
// one scan in pages; and the admin's bulk answers to them: tell the owners, disable (reason
// "policy": only an admin enables them again), revoke. Each answer reads the token again under the
// policy in force at that moment: a token mended, rolled away or used since the list was read is
// left alone.

/** At most this many are listed, and answered at once: a page the admin can read before confirming. */
export const COMPLIANCE_SHOWN = 100;

export type ComplianceToken = {
  id: string;
  name: string;
  displayPrefix: string;
  ownerEmail: string;
  teamName: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  problems: ComplianceProblem[];
};

export type ComplianceReport = {
  /** After how many days unused a token is shown (the inactivity rule's, or 90 without one). */
  unusedDays: number;
  /** Tokens breaking at least one rule, and how many break each (all of them, not only those shown). */
  total: number;
  counts: Record<ComplianceProblem, number>;
  /** The first COMPLIANCE_SHOWN of them (of `problem` when asked), oldest first. */
  tokens: ComplianceToken[];
  mail: boolean;
};

const scanSelect = {
  id: true,
  name: true,
  displayPrefix: true,
  scope: true,
  permissions: true,
  allowedIps: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  activeSince: true,
  user: { select: { email: true } },
  team: { select: { name: true } },
} as const satisfies Prisma.ApiTokenSelect;
type ScanRow = Prisma.ApiTokenGetPayload<{ select: typeof scanSelect }>;

const PAGE = 1_000;
const working = (now: number): Prisma.ApiTokenWhereInput => ({
  status: "active",
  OR: [{ expiresAt: null }, { expiresAt: { gt: new Date(now) } }],
});

function problemsOf(row: ScanRow, policy: TokenPolicy, now: number, catalogue = resourceCatalogue()) {
  const permissions = expandGrant({ scope: row.scope, permissions: permissionsFromStored(row.permissions) }, catalogue);
  return complianceProblems({ ...row, allowedIps: allowedIpsFromStored(row.allowedIps), permissions }, policy, now);
}

/** Every working token (of `ids` when given) with what it breaks, in pages: a large installation is never held at once. */
async function* scan(policy: TokenPolicy, now: number, ids?: readonly string[]) {
  const catalogue = resourceCatalogue();
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.apiToken.findMany({
      where: { ...working(now), ...(ids ? { id: { in: [...ids] } } : {}) },
      select: scanSelect,
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const row of rows) {
      const problems = problemsOf(row, policy, now, catalogue);
      if (problems.length) yield { row, problems };
    }
    if (rows.length < PAGE) return;
    cursor = rows.at(-1)!.id;
  }
}

const noCounts = (): Record<ComplianceProblem, number> => ({ expiry_required: 0, too_long: 0, allowed_ips_required: 0, unused: 0 });

export async function complianceReport(admin: SessionUser, problem: ComplianceProblem | null, now = Date.now()): Promise<ComplianceReport> {
  assertAdmin(admin);
  const policy = await currentPolicy();
  const counts = noCounts();
  const tokens: ComplianceToken[] = [];
  let total = 0;
  for await (const { row, problems } of scan(policy, now)) {
    total += 1;
    for (const each of problems) counts[each] += 1;
    if (tokens.length < COMPLIANCE_SHOWN && (problem === null || problems.includes(problem)))
      tokens.push({
        id: row.id,
        name: row.name,
        displayPrefix: row.displayPrefix,
        ownerEmail: row.user.email,
        teamName: row.team?.name ?? null,
        createdAt: row.createdAt.toISOString(),
        expiresAt: row.expiresAt?.toISOString() ?? null,
        lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
        problems,
      });
  }
  return { unusedDays: unusedDaysOf(policy), total, counts, tokens, mail: mailConfigured() };
}

/**
 * How many working tokens a policy (the one in force, or one about to be saved) would not allow if
 * they were made now: what /admin/policies says before and after a change. Disuse is the
 * inactivity rule's business, not counted here.
 */
export async function policyImpact(admin: SessionUser, policy: TokenPolicy, now = Date.now()): Promise<PolicyImpact> {
  assertAdmin(admin);
  const impact: PolicyImpact = { tokens: 0, expiry_required: 0, too_long: 0, allowed_ips_required: 0 };
  for await (const { problems } of scan(policy, now)) {
    const rules = problems.filter((each) => each !== "unused");
    if (rules.length) impact.tokens += 1;
    for (const each of rules) impact[each] += 1;
  }
  return impact;
}

/** "no expiry, can write from anywhere": a token's problems as its owner and the audit log read them. */
export const describeProblems = (problems: readonly ComplianceProblem[], unusedDays: number) =>
  COMPLIANCE_PROBLEMS.filter((each) => problems.includes(each))
    .map((each) => PROBLEM_WORDS[each](unusedDays))
    .join(", ");

const PROBLEM_WORDS: Record<ComplianceProblem, (unusedDays: number) => string> = {
  expiry_required: () => "no expiry",
  too_long: () => "lasts longer than the maximum lifetime",
  allowed_ips_required: () => "can write from any address",
  unused: (days) => `unused for ${days} days or more`,
};

export type BulkAnswer = "notify" | "disable" | "revoke";

/**
 * The admin's answer to the chosen tokens (at most a page) that still break the policy in force:
 * each one told, disabled or revoked on its own (audited; the owner emailed), so that one token
 * changing meanwhile never stops the rest. Returns how many were answered.
 */
export async function answerNonCompliant(
  admin: SessionUser,
  answer: BulkAnswer,
  ids: readonly string[],
  context: ChangeContext,
): Promise<number> {
  assertAdmin(admin);
  const now = context.meta.at?.getTime() ?? Date.now();
  const policy = await currentPolicy();
  const unusedDays = unusedDaysOf(policy);
  let done = 0;
  for await (const { row, problems } of scan(policy, now, ids.slice(0, COMPLIANCE_SHOWN))) {
    const because = describeProblems(problems, unusedDays);
    if (answer === "revoke") {
      if (await revokeTokenAsAdmin(admin, row.id, context)) done += 1;
    } else if (answer === "disable") {
      if ((await disableTokenForPolicy(admin, row.id, because, context)).ok) done += 1;
    } else if (await notifyOwner(admin, row.id, because, context)) done += 1;
  }
  return done;
}

/**
 * Emails the token's owner what of the policy it breaks (it keeps working), audited; at most once
 * a day per token, however often admins press Notify. False without email, when it is gone, or
 * when its owner was told in the last day.
 */
async function notifyOwner(admin: SessionUser, id: string, because: string, context: ChangeContext): Promise<boolean> {
  if (!mailConfigured()) return false;
  const at = context.meta.at ?? new Date();
  return writeTransaction(
    async (tx) => {
      const current = await tx.apiToken.findFirst({ where: { id, status: "active" }, select: snapshotSelect });
      if (!current) return false;
      const told = await tx.auditEvent.findFirst({
        where: { targetTokenId: id, action: "token.policy_notified", createdAt: { gt: new Date(at.getTime() - DAY_MS) } },
        select: { id: true },
      });
      if (told) return false;
      const token = snapshot(current);
      await noticeToOwner(tx, "token.policy_notice", token, at, because);
      await appendEvent(tx, {
        action: "token.policy_notified",
        actor: { userId: admin.id, email: admin.email },
        token,
        detail: because,
        meta: context.meta,
      });
      return true;
    },
    { lock: ["token", id] },
  );
}

/**
 * A policy saved with "disable them now": every working token the new rules would not allow is
 * disabled (reason "policy"), each audited and its owner emailed. Returns how many.
 */
export async function disableBreakingTokens(admin: SessionUser, policy: TokenPolicy, context: ChangeContext): Promise<number> {
  assertAdmin(admin);
  const now = context.meta.at?.getTime() ?? Date.now();
  const breaking: { id: string; because: string }[] = [];
  for await (const { row, problems } of scan(policy, now)) {
    const rules = problems.filter((each) => each !== "unused");
    if (rules.length) breaking.push({ id: row.id, because: describeProblems(rules, 0) });
  }
  let disabled = 0;
  for (const { id, because } of breaking) if ((await disableTokenForPolicy(admin, id, because, context)).ok) disabled += 1;
  return disabled;
}
