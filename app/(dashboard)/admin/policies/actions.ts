"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/auth/action";
import { disableBreakingTokens, policyImpact } from "@/lib/dal/compliance";
import { currentPolicy, updatePolicy } from "@/lib/dal/policies";
import { selfGrantableOf, type TokenPolicy } from "@/lib/policy";
import { policyFormSchema, type PolicyFormValues } from "@/lib/validation/policy";
import { POLICY_WORDS } from "./words";

// Admins only, in sudo mode: the helper checks the session, the role and the recent
// authentication; the data layer checks the role again.

const policyOf = (before: TokenPolicy, { selfGrant, existing: _existing, ...rules }: PolicyFormValues): TokenPolicy => {
  void _existing;
  return { ...before, ...rules, selfGrantable: selfGrantableOf(selfGrant) };
};

export const savePolicyAction = userAction({
  schema: policyFormSchema,
  role: "ADMIN",
  sudo: true,
  async run({ user, input, meta }) {
    const at = new Date();
    const next = policyOf(await currentPolicy(), input);
    const saved = await updatePolicy(user, next, { meta: { ...meta, at } });
    // Disabled after the save, each on its own (audited, its owner emailed): what the new rules would not allow.
    const disabled = input.existing === "disable" ? await disableBreakingTokens(user, next, { meta: { ...meta, at } }) : 0;
    const impact = await policyImpact(user, next);
    revalidatePath("/admin/policies");
    revalidatePath("/admin/compliance");
    if (disabled > 0) revalidatePath("/admin/tokens");
    const message = [
      saved.ok ? POLICY_WORDS.saved(saved.changes.length) : POLICY_WORDS.unchanged,
      disabled ? POLICY_WORDS.disabled(disabled) : "",
    ]
      .filter(Boolean)
      .join(" ");
    return { ok: true, data: { message, impact } };
  },
});

/** What the rules in the form, not yet saved, would mean for the working tokens: the page counts them as the admin types. */
export const previewPolicyAction = userAction({
  schema: policyFormSchema,
  role: "ADMIN",
  async run({ user, input }) {
    return { ok: true, data: { impact: await policyImpact(user, policyOf(await currentPolicy(), input)) } };
  },
});
