import { z } from "zod";
import { recordId } from "@/lib/validation/ids";
import { COMPLIANCE_PROBLEMS } from "@/lib/policy";

// The /admin/policies form: one schema for the page and its action. Days are typed as text (an
// empty box: no maximum), and the action turns the values into the stored policy.

const days = (label: string) =>
  z
    .string({ error: `Enter ${label} in days.` })
    .trim()
    .regex(/^\d{1,4}$/, `Enter ${label} as a whole number of days.`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, `${label[0]!.toUpperCase()}${label.slice(1)} is at least 1 day.`)
        .max(3650, "Use at most 3650 days (10 years)."),
    );

/** Days, or an empty box for none. */
const optionalDays = (label: string) =>
  z.string({ error: `Enter ${label} in days, or leave it empty.` }).transform((text, context) => {
    if (text.trim() === "") return null;
    const parsed = days(label).safeParse(text);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) context.addIssue({ code: "custom", message: issue.message });
    return z.NEVER;
  });

export const policyFormSchema = z
  .object({
    defaultLifetimeDays: days("the default lifetime"),
    // Empty: no maximum.
    maxLifetimeDays: optionalDays("the maximum lifetime"),
    requireExpiry: z.boolean(),
    requireAllowedIpsForWrite: z.boolean(),
    selfGrant: z.enum(["any", "read", "none"], { error: "Choose what members may grant themselves." }),
    requireTwoFactor: z.boolean(),
    // Empty: never.
    inactivityWarnDays: optionalDays("the warning").prefault(""),
    inactivityDisableDays: optionalDays("the disabling").prefault(""),
    // What happens to working tokens the new rules would not allow: kept as they are, or disabled now.
    existing: z.enum(["keep", "disable"], { error: "Choose what happens to the tokens that do not meet the rules." }).prefault("keep"),
  })
  .strict()
  .superRefine((value, context) => {
    if (
      value.inactivityWarnDays !== null &&
      value.inactivityDisableDays !== null &&
      value.inactivityWarnDays >= value.inactivityDisableDays
    )
      context.addIssue({
        code: "custom",
        path: ["inactivityWarnDays"],
        message: "Warn before disabling: use fewer days than for disabling.",
      });
    if (value.maxLifetimeDays !== null && value.defaultLifetimeDays > value.maxLifetimeDays)
      context.addIssue({
        code: "custom",
        path: ["defaultLifetimeDays"],
        message: "The default lifetime cannot be longer than the maximum.",
      });
  });

export type PolicyFormInput = z.input<typeof policyFormSchema>;
export type PolicyFormValues = z.output<typeof policyFormSchema>;

/** The compliance view's filter, and its bulk answers to the chosen tokens (at most a page of them). */
export const complianceFilterSchema = z.object({
  problem: z.enum(["all", ...COMPLIANCE_PROBLEMS], { error: "Choose a rule." }),
});

export const complianceAnswerSchema = z.object({
  answer: z.enum(["notify", "disable", "revoke"]),
  ids: z.array(recordId).min(1).max(100),
});
