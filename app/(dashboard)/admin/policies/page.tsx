import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { policyImpact } from "@/lib/dal/compliance";
import { currentPolicy } from "@/lib/dal/policies";
import { selfGrantChoiceOf } from "@/lib/policy";
import { PolicyForm } from "./_components/policy-form";
import { POLICY_WORDS } from "./words";

export const metadata: Metadata = { title: POLICY_WORDS.title };

export default async function PoliciesPage() {
  const admin = await requireAdmin();
  const policy = await currentPolicy();
  const impact = await policyImpact(admin, policy);
  return (
    <div>
      <PageHeader title={POLICY_WORDS.title} description={POLICY_WORDS.description} />
      <PolicyForm
        initial={{
          defaultLifetimeDays: String(policy.defaultLifetimeDays),
          maxLifetimeDays: policy.maxLifetimeDays === null ? "" : String(policy.maxLifetimeDays),
          requireExpiry: policy.requireExpiry,
          requireAllowedIpsForWrite: policy.requireAllowedIpsForWrite,
          selfGrant: selfGrantChoiceOf(policy),
          requireTwoFactor: policy.requireTwoFactor,
          inactivityWarnDays: policy.inactivityWarnDays === null ? "" : String(policy.inactivityWarnDays),
          inactivityDisableDays: policy.inactivityDisableDays === null ? "" : String(policy.inactivityDisableDays),
          existing: "keep",
        }}
        impact={impact}
      />
    </div>
  );
}
