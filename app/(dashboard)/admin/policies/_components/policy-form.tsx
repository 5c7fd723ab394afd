"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch, type UseFormRegisterReturn } from "react-hook-form";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { TextField } from "@/components/ui/text-field";
import { MESSAGES } from "@/lib/model";
import type { PolicyImpact } from "@/lib/policy";
import { policyFormSchema, type PolicyFormInput, type PolicyFormValues } from "@/lib/validation/policy";
import { previewPolicyAction, savePolicyAction } from "../actions";
import { POLICY_WORDS } from "../words";

const FIELDS = ["defaultLifetimeDays", "maxLifetimeDays", "selfGrant", "inactivityWarnDays", "inactivityDisableDays"] as const;

// Each control also carries its served value (defaultValue, defaultChecked): react-hook-form sets
// them only once its script runs, and the page is read before that.

/** The policies, as a form: validated with the action's own schema, saved in sudo mode, with what the rules mean for existing tokens. */
export function PolicyForm({ initial, impact: initialImpact }: { initial: PolicyFormInput; impact: PolicyImpact }) {
  const save = useSudoAction(savePolicyAction);
  const [impact, setImpact] = useState(initialImpact);
  const [saved, setSaved] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  // Checked as the admin types: the count below waits for a valid form, and says so.
  const form = useForm<PolicyFormInput, unknown, PolicyFormValues>({
    resolver: zodResolver(policyFormSchema),
    defaultValues: initial,
    mode: "onChange",
  });
  const { errors, isSubmitting } = form.formState;

  // As the admin changes a rule, the count of working tokens it would not allow follows (once the
  // form is valid, 400 ms after the last keystroke); a failed count keeps the last one.
  const watched = JSON.stringify(useWatch({ control: form.control }));
  const waiting = useMemo(() => !policyFormSchema.safeParse(JSON.parse(watched)).success, [watched]);
  useEffect(() => {
    if (waiting) return;
    const values: unknown = JSON.parse(watched);
    let current = true;
    const timer = setTimeout(() => {
      previewPolicyAction(values)
        .then((result) => {
          if (current && result.ok) setImpact(result.data.impact);
        })
        .catch(() => undefined);
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [watched, waiting]);

  const submit = form.handleSubmit(async () => {
    setSaved(null);
    setFormError(null);
    const result = await save(form.getValues()).catch((): Awaited<ReturnType<typeof save>> => ({ ok: false, message: MESSAGES.noAnswer }));
    if (result.ok) {
      setSaved(result.data.message);
      setImpact(result.data.impact);
      form.reset({ ...form.getValues(), existing: "keep" });
      return;
    }
    const named = FIELDS.filter((field) => result.fieldErrors?.[field]?.[0]);
    for (const field of named) form.setError(field, { message: result.fieldErrors![field]![0]! }, { shouldFocus: field === named[0] });
    if (named.length === 0) setFormError(result.message);
  });

  return (
    <form onSubmit={submit} noValidate className="mt-8 max-w-2xl space-y-6">
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <Section title={POLICY_WORDS.lifetime}>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={POLICY_WORDS.defaultLifetime}
            inputMode="numeric"
            hint={POLICY_WORDS.defaultLifetimeHint}
            error={errors.defaultLifetimeDays?.message}
            {...form.register("defaultLifetimeDays")}
            defaultValue={initial.defaultLifetimeDays}
          />
          <TextField
            label={POLICY_WORDS.maxLifetime}
            inputMode="numeric"
            optional
            hint={POLICY_WORDS.maxLifetimeHint}
            error={errors.maxLifetimeDays?.message}
            {...form.register("maxLifetimeDays")}
            defaultValue={initial.maxLifetimeDays}
          />
        </div>
        <Check label={POLICY_WORDS.requireExpiry} field={form.register("requireExpiry")} checked={initial.requireExpiry} />
      </Section>
      <Section title={POLICY_WORDS.access}>
        <Check
          label={POLICY_WORDS.requireAllowedIps}
          field={form.register("requireAllowedIpsForWrite")}
          checked={initial.requireAllowedIpsForWrite}
        />
        <fieldset aria-describedby={errors.selfGrant ? "self-grant-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">{POLICY_WORDS.selfGrant}</legend>
          <div className="mt-2 space-y-2">
            {(Object.keys(POLICY_WORDS.selfGrantChoices) as (keyof typeof POLICY_WORDS.selfGrantChoices)[]).map((choice) => (
              <label
                key={choice}
                className="flex items-start gap-3 rounded-lg border border-slate-200 px-3 py-2.5 text-sm has-[:checked]:border-brand-500"
              >
                <input
                  type="radio"
                  value={choice}
                  className="mt-1 size-4"
                  defaultChecked={initial.selfGrant === choice}
                  {...form.register("selfGrant")}
                />
                <span>
                  <span className="block font-medium text-slate-900">{POLICY_WORDS.selfGrantChoices[choice].label}</span>
                  <span className="block text-slate-600">{POLICY_WORDS.selfGrantChoices[choice].hint}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.selfGrant ? (
            <p id="self-grant-error" className="mt-1.5 text-sm text-red-700">
              {errors.selfGrant.message}
            </p>
          ) : null}
        </fieldset>
      </Section>
      <Section title={POLICY_WORDS.inactivity}>
        <p className="text-sm text-slate-600">{POLICY_WORDS.inactivityHint}</p>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={POLICY_WORDS.warnDays}
            inputMode="numeric"
            optional
            hint={POLICY_WORDS.neverHint}
            error={errors.inactivityWarnDays?.message}
            {...form.register("inactivityWarnDays")}
            defaultValue={initial.inactivityWarnDays}
          />
          <TextField
            label={POLICY_WORDS.disableDays}
            inputMode="numeric"
            optional
            hint={POLICY_WORDS.neverHint}
            error={errors.inactivityDisableDays?.message}
            {...form.register("inactivityDisableDays")}
            defaultValue={initial.inactivityDisableDays}
          />
        </div>
      </Section>
      <Section title={POLICY_WORDS.accounts}>
        <Check
          label={POLICY_WORDS.requireTwoFactor}
          hint={POLICY_WORDS.requireTwoFactorHint}
          field={form.register("requireTwoFactor")}
          checked={initial.requireTwoFactor}
        />
      </Section>
      <section aria-labelledby="policy-impact" className="rounded-xl border border-slate-200 bg-slate-50 p-4">
        <h2 id="policy-impact" className="text-sm font-semibold text-slate-900">
          {POLICY_WORDS.impactTitle}
        </h2>
        <p className="mt-1 text-sm text-slate-700" aria-live="polite">
          {waiting ? POLICY_WORDS.impactWaiting : impact.tokens === 0 ? POLICY_WORDS.impactNone : POLICY_WORDS.impact(impact.tokens)}
        </p>
        {impact.tokens > 0 && !waiting ? (
          <ul className="mt-2 list-disc pl-5 text-sm text-slate-700">
            {(Object.keys(POLICY_WORDS.impactParts) as (keyof typeof POLICY_WORDS.impactParts)[])
              .filter((part) => impact[part] > 0)
              .map((part) => (
                <li key={part}>{POLICY_WORDS.impactParts[part](impact[part])}</li>
              ))}
          </ul>
        ) : null}
        {impact.tokens > 0 ? (
          <fieldset className="mt-4">
            <legend className="text-sm font-medium text-slate-800">{POLICY_WORDS.existing}</legend>
            <div className="mt-2 space-y-2">
              {(Object.keys(POLICY_WORDS.existingChoices) as (keyof typeof POLICY_WORDS.existingChoices)[]).map((choice) => (
                <label
                  key={choice}
                  className="flex items-start gap-3 rounded-lg border border-slate-200 bg-white px-3 py-2.5 text-sm has-[:checked]:border-brand-500"
                >
                  <input
                    type="radio"
                    value={choice}
                    className="mt-1 size-4"
                    defaultChecked={choice === "keep"}
                    {...form.register("existing")}
                  />
                  <span>
                    <span className="block font-medium text-slate-900">{POLICY_WORDS.existingChoices[choice].label}</span>
                    <span className="block text-slate-600">{POLICY_WORDS.existingChoices[choice].hint}</span>
                  </span>
                </label>
              ))}
            </div>
            <Link
              href="/admin/compliance"
              className="mt-3 inline-block text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
            >
              {POLICY_WORDS.compliance}
            </Link>
          </fieldset>
        ) : null}
      </section>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" pending={isSubmitting}>
          {POLICY_WORDS.save}
        </Button>
        <p role="status" className="text-sm text-slate-700">
          {saved}
        </p>
      </div>
    </form>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}

/** `checked`: as the page was served, so that the box is right before the form's script runs. */
function Check({ label, hint, field, checked }: { label: string; hint?: string; field: UseFormRegisterReturn; checked?: boolean }) {
  return (
    <label className="flex items-start gap-3 text-sm text-slate-800">
      <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" defaultChecked={checked} {...field} />
      <span>
        <span className="block font-medium">{label}</span>
        {hint ? <span className="block text-slate-600">{hint}</span> : null}
      </span>
    </label>
  );
}
