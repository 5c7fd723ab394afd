"use server";

import { revalidatePath } from "next/cache";
import { userAction } from "@/lib/auth/action";
import { answerNonCompliant, complianceReport } from "@/lib/dal/compliance";
import { complianceAnswerSchema, complianceFilterSchema } from "@/lib/validation/policy";
import { COMPLIANCE_WORDS } from "./words";

// Admins only: the helper checks the session and the role, and the DAL checks the role again.

/** The tokens breaking the policy (of one problem, or all), the first page, and the counts. */
export const complianceReportAction = userAction({
  schema: complianceFilterSchema,
  role: "ADMIN",
  async run({ user, input }) {
    return { ok: true, data: await complianceReport(user, input.problem === "all" ? null : input.problem) };
  },
});

/** Notify, disable or revoke the chosen tokens; revoking is an admin revocation, so it asks for sudo mode, as does disabling in bulk. */
export const answerNonCompliantAction = userAction({
  schema: complianceAnswerSchema,
  role: "ADMIN",
  sudo: async ({ input }) => input.answer !== "notify",
  onInvalid: () => ({ ok: false, message: COMPLIANCE_WORDS.noneChosen }),
  async run({ user, input, meta }) {
    const done = await answerNonCompliant(user, input.answer, input.ids, { meta: { ...meta, at: new Date() } });
    revalidatePath("/admin/compliance");
    revalidatePath("/admin/policies");
    if (input.answer !== "notify") {
      revalidatePath("/admin/tokens");
      revalidatePath("/api-tokens");
    }
    return { ok: true, data: { done, answer: input.answer } };
  },
});
