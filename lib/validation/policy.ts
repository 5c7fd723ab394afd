import { z } from "zod";

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

export const policyFormSchema = z
  .object({
    defaultLifetimeDays: days("the default lifetime"),
    // Empty: no maximum.
    maxLifetimeDays: z.string({ error: "Enter the maximum lifetime in days, or leave it empty." }).transform((text, context) => {
      if (text.trim() === "") return null;
      const parsed = days("the maximum lifetime").safeParse(text);
      if (parsed.success) return parsed.data;
      for (const issue of parsed.error.issues) context.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    }),
    requireExpiry: z.boolean(),
    requireAllowedIpsForWrite: z.boolean(),
    selfGrant: z.enum(["any", "read", "none"], { error: "Choose what members may grant themselves." }),
    requireTwoFactor: z.boolean(),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.maxLifetimeDays !== null && value.defaultLifetimeDays > value.maxLifetimeDays)
      context.addIssue({
        code: "custom",
        path: ["defaultLifetimeDays"],
        message: "The default lifetime cannot be longer than the maximum.",
      });
  });

export type PolicyFormInput = z.input<typeof policyFormSchema>;
export type PolicyFormValues = z.output<typeof policyFormSchema>;
