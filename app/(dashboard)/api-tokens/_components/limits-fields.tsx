"use client";

import { useContext } from "react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { TextField } from "@/components/ui/text-field";
import { DEFAULT_RATE_LIMIT_MAX, QUOTA_MAX } from "@/lib/validation/api-token";
import { LIMITS_WORDS } from "../words";
import { RateLimitMax } from "./rate-limit-max";

// A token's own limits, in the Create and Edit forms alike: a rate limit of its own (at most the
// installation's, which the page hands down) and a quota of requests. Both optional.

export const useRateLimitMax = () => useContext(RateLimitMax) ?? DEFAULT_RATE_LIMIT_MAX;

export function LimitsFields({
  rateLimit,
  quota,
  refill,
  quotaLeft,
  errors,
}: {
  rateLimit: UseFormRegisterReturn<"rateLimitPerMinute">;
  quota: UseFormRegisterReturn<"quota">;
  /** Edit, for a token with a quota: start it again. */
  refill?: UseFormRegisterReturn<"refill">;
  /** What is left of the quota now (Edit). */
  quotaLeft?: { quota: number; remaining: number } | null;
  errors: { rateLimit?: string; quota?: string };
}) {
  const max = useRateLimitMax();
  return (
    <fieldset className="space-y-4 rounded-lg border border-slate-200 px-4 pt-2 pb-4">
      <legend className="px-1 text-sm font-medium text-slate-800">
        {LIMITS_WORDS.legend}
        <span className="font-normal text-slate-500"> (optional)</span>
      </legend>
      <TextField
        label={LIMITS_WORDS.rateLimit}
        optional
        inputMode="numeric"
        autoComplete="off"
        placeholder={String(max)}
        hint={LIMITS_WORDS.rateLimitHint(max)}
        error={errors.rateLimit}
        {...rateLimit}
      />
      <TextField
        label={LIMITS_WORDS.quota}
        optional
        inputMode="numeric"
        autoComplete="off"
        placeholder={LIMITS_WORDS.quotaPlaceholder}
        hint={quotaLeft ? LIMITS_WORDS.quotaLeftHint(quotaLeft.remaining, quotaLeft.quota) : LIMITS_WORDS.quotaHint(QUOTA_MAX)}
        error={errors.quota}
        {...quota}
      />
      {refill && quotaLeft ? (
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" {...refill} />
          <span>{LIMITS_WORDS.refill}</span>
        </label>
      ) : null}
    </fieldset>
  );
}
