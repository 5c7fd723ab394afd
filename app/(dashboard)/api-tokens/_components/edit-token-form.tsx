"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMemo } from "react";
import { useForm } from "react-hook-form";
import { useSubmitOnce } from "@/components/forms/use-submit-once";
import { ScopeBadge } from "@/components/ui/scope-badge";
import type { TokenDetails } from "@/lib/model";
import { editTokenSchema, type EditTokenInput, type EditTokenValues } from "@/lib/validation/api-token";
import { editTokenAction } from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { EDIT_WORDS } from "../words";
import { LimitsFields, useRateLimitMax } from "./limits-fields";
import { DescriptionAndAllowedIps, DrawerForm, NameField } from "./token-fields";
import { useInContext } from "./team-context";

/**
 * Edit: the name, the description and the allowed IPs, validated as at creation (the same
 * schema on both sides). The scope is shown, not offered: a token that needs more rights is a
 * new token. Loaded with the details panel, on demand.
 */
export function EditTokenForm({
  token,
  onDone,
}: {
  token: TokenDetails;
  /** Back to the details: `saved` when the token changed, with what to tell the user. */
  onDone: (saved: { name: string } | null) => void;
}) {
  const inContext = useInContext();
  const rateLimitMax = useRateLimitMax();
  const schema = useMemo(() => editTokenSchema(rateLimitMax), [rateLimitMax]);
  const form = useForm<EditTokenInput, unknown, EditTokenValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      id: token.id,
      name: token.name,
      description: token.description,
      allowedIps: token.allowedIps.join("\n"),
      rateLimitPerMinute: token.rateLimitPerMinute === null ? "" : String(token.rateLimitPerMinute),
      quota: token.quota === null ? "" : String(token.quota),
      refill: false,
    },
  });
  const quotaLeft = token.quota === null ? null : { quota: token.quota, remaining: token.quotaRemaining ?? token.quota };
  const { errors, isSubmitting } = form.formState;

  const edit = useSudoAction(editTokenAction);
  const { formError, onSubmit } = useSubmitOnce({
    form,
    fields: ["name", "description", "allowedIps", "rateLimitPerMinute", "quota", "refill"],
    send: (input) => edit(inContext(input)),
    onDone: ({ token: saved, changed }) => onDone(changed ? { name: saved.name } : null),
  });

  return (
    <DrawerForm
      onSubmit={onSubmit}
      formError={formError}
      submitLabel={EDIT_WORDS.submit}
      pending={isSubmitting}
      onCancel={() => onDone(null)}
    >
      <NameField registration={form.register("name")} error={errors.name?.message} />
      <div>
        <p className="text-sm font-medium text-slate-800">{EDIT_WORDS.scope}</p>
        <p className="mt-1.5 flex flex-wrap items-center gap-2 text-xs text-slate-600">
          <ScopeBadge grant={token} />
          {EDIT_WORDS.scopeStays}
        </p>
      </div>
      <DescriptionAndAllowedIps
        description={form.register("description")}
        allowedIps={form.register("allowedIps")}
        errors={{ description: errors.description?.message, allowedIps: errors.allowedIps?.message }}
      />
      <LimitsFields
        rateLimit={form.register("rateLimitPerMinute")}
        quota={form.register("quota")}
        refill={form.register("refill")}
        quotaLeft={quotaLeft}
        errors={{ rateLimit: errors.rateLimitPerMinute?.message, quota: errors.quota?.message }}
      />
    </DrawerForm>
  );
}
