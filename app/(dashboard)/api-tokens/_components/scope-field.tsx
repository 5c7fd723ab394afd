"use client";

import { useController, useWatch, type UseFormReturn } from "react-hook-form";
import { cn } from "@/components/ui/cn";
import type { Catalogue } from "@/lib/permissions";
import { SCOPES, SCOPE_DESCRIPTIONS, SCOPE_LABELS } from "@/lib/scopes";
import type { CreateTokenInput, CreateTokenValues } from "@/lib/validation/api-token";
import { CREATE_WORDS } from "../words";
import { PermissionPicker } from "./permission-picker";
import { useTeamContext } from "./team-context";
import { mayCreateTeamToken } from "@/lib/teams";

/**
 * Access Scope: the guide's two choices, Read-Only and Write, then Custom, which reveals the
 * permission picker. A Custom choice is kept while a preset is tried, and comes back with Custom.
 */
export function ScopeField({
  form,
  catalogue,
}: {
  form: UseFormReturn<CreateTokenInput, unknown, CreateTokenValues>;
  catalogue: Catalogue;
}) {
  const scope = useWatch({ control: form.control, name: "scope" });
  const { field, fieldState } = useController({ control: form.control, name: "permissions" });
  const error = form.formState.errors.scope;
  // A member of a team whose rule keeps members to Read-Only: Write is shown, and not offered.
  const team = useTeamContext();
  const writeRefused = team !== null && !mayCreateTeamToken(team.role, team.memberTokens, { scope: "WRITE", permissions: [] });

  return (
    <>
      <fieldset aria-describedby={error ? "scope-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">{CREATE_WORDS.scope}</legend>
        <div role="radiogroup" aria-label={CREATE_WORDS.scope} className="mt-2 grid gap-3">
          {SCOPES.map((option) => (
            <label
              key={option}
              className={cn(
                "flex cursor-pointer gap-3 rounded-lg border p-3.5 transition-colors",
                "has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-60",
                "border-slate-300 hover:border-slate-400 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:ring-1 has-[:checked]:ring-brand-500",
                "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-500",
              )}
            >
              <input
                type="radio"
                value={option}
                disabled={writeRefused && option === "WRITE"}
                aria-describedby={`scope-${option}-description`}
                className="mt-0.5 size-4 shrink-0 accent-brand-600 focus-visible:outline-none"
                {...form.register("scope")}
              />
              <span>
                <span className="block text-sm font-medium text-slate-900">{SCOPE_LABELS[option]}</span>
                <span id={`scope-${option}-description`} className="mt-0.5 block text-sm text-slate-600">
                  {writeRefused && option === "WRITE" ? CREATE_WORDS.teamReadOnly(team.name) : SCOPE_DESCRIPTIONS[option]}
                </span>
              </span>
            </label>
          ))}
        </div>
        {error ? (
          <p id="scope-error" className="mt-1.5 text-sm text-red-600">
            {error.message}
          </p>
        ) : null}
      </fieldset>
      {scope === "CUSTOM" ? (
        <PermissionPicker
          catalogue={catalogue}
          value={field.value ?? []}
          onChange={field.onChange}
          error={fieldState.error?.message}
          focusRef={field.ref}
        />
      ) : null}
    </>
  );
}
