"use client";

import { useState } from "react";
import { useWatch, type UseFormReturn } from "react-hook-form";
import { DAY_MS, describeExpiry, expirationChoices, expiryOf, type ExpirationChoice, type ExpiryPolicy } from "@/lib/model";
import type { CreateTokenInput, CreateTokenValues } from "@/lib/validation/api-token";
import { FIELD_WORDS } from "../words";

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Expiration: the policy's choices, a date picker for "Custom date…", and the resulting date in words. */
export function ExpirationField({
  form,
  policy,
}: {
  form: UseFormReturn<CreateTokenInput, unknown, CreateTokenValues>;
  policy: ExpiryPolicy;
}) {
  const [choice, expiresOn] = useWatch({ control: form.control, name: ["expiration", "expiresOn"] });
  const { errors } = form.formState;
  // The moment the drawer opened: the dates it offers and states are counted from it.
  const [now] = useState(() => Date.now());
  const expires = expiryOf(choice as ExpirationChoice, expiresOn || undefined, now);
  const error = errors.expiration?.message ?? errors.expiresOn?.message;

  return (
    <div>
      <label htmlFor="expiration" className="text-sm font-medium text-slate-800">
        {FIELD_WORDS.expiration}
      </label>
      <select
        id="expiration"
        aria-describedby="expiration-result"
        aria-invalid={Boolean(errors.expiration)}
        className="mt-1.5 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm"
        {...form.register("expiration")}
      >
        {expirationChoices(policy).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {choice === "custom" ? (
        <div className="mt-3">
          <label htmlFor="expires-on" className="text-sm font-medium text-slate-800">
            {FIELD_WORDS.expiresOn}
          </label>
          <input
            id="expires-on"
            type="date"
            min={day(now + DAY_MS)}
            max={policy.maxDays === null ? undefined : day(now + (policy.maxDays - 1) * DAY_MS)}
            aria-invalid={Boolean(errors.expiresOn)}
            aria-describedby="expiration-result"
            className="mt-1.5 block h-10 w-full rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm"
            {...form.register("expiresOn")}
          />
        </div>
      ) : null}
      <p id="expiration-result" className={error ? "mt-1.5 text-sm text-red-600" : "mt-1.5 text-sm text-slate-600"}>
        {error ?? (expires ? `${describeExpiry(expires)}.` : choice === "custom" ? FIELD_WORDS.customHint : FIELD_WORDS.noExpiryHint)}
      </p>
    </div>
  );
}
