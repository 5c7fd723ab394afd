"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/auth/action";
import { currentPolicy, policyImpact, updatePolicy } from "@/lib/dal/policies";
import { selfGrantableOf } from "@/lib/policy";
import { policyFormSchema } from "@/lib/validation/policy";
import { POLICY_WORDS } from "./words";

// Admins only, in sudo mode: the helper checks the session, the role and the recent
// authentication; the data layer checks the role again.
export const savePolicyAction = userAction({
  schema: policyFormSchema,
  role: "ADMIN",
  sudo: true,
  async run({ user, input, meta }) {
    const { selfGrant, ...rules } = input;
    const before = await currentPolicy();
    const next = { ...before, ...rules, selfGrantable: selfGrantableOf(selfGrant) };
    const saved = await updatePolicy(user, next, { meta: { ...meta, at: new Date() } });
    const impact = await policyImpact(user, next);
    revalidatePath("/admin/policies");
    return {
      ok: true,
      data: { message: saved.ok ? POLICY_WORDS.saved(saved.changes.length) : POLICY_WORDS.unchanged, impact },
    };
  },
});
