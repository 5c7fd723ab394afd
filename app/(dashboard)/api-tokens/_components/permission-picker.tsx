"use client";

import { Search } from "lucide-react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { levelsFor, levelsOf, permissionsOfLevels, summarise, type Catalogue, type Level } from "@/lib/permissions";
import { PICKER_WORDS } from "../words";

type PickerProps = {
  catalogue: Catalogue;
  /** The chosen permissions, each write with its read (the form's `permissions`). */
  value: readonly string[];
  onChange: (permissions: string[]) => void;
  error?: string;
  /** What the form focuses when the choice is refused: the first row's checked choice. */
  focusRef: (target: { focus: () => void } | null) => void;
};

const matches = (text: string) => {
  const wanted = text.trim().toLowerCase();
  return (resource: Catalogue[number]) =>
    !wanted || [resource.label, resource.id, resource.description].some((field) => field.toLowerCase().includes(wanted));
};

/**
 * Custom's choice, resource by resource: a radio group per row (None, Read, Write), named by the
 * resource, so that Tab moves from row to row and the arrow keys choose within one. The filter
 * narrows the rows shown, never the choice; the summary below says the whole choice as it changes.
 */
export function PermissionPicker({ catalogue, value, onChange, error, focusRef }: PickerProps) {
  const [filter, setFilter] = useState("");
  const levels = levelsOf(value);
  const rows = catalogue.filter(matches(filter));
  const choose = (id: string, level: Level) => onChange(permissionsOfLevels({ ...levels, [id]: level }));

  return (
    <fieldset aria-describedby={["permissions-hint", "permissions-summary", error ? "permissions-error" : null].filter(Boolean).join(" ")}>
      <legend className="text-sm font-medium text-slate-800">{PICKER_WORDS.legend}</legend>
      <p id="permissions-hint" className="mt-0.5 text-xs text-slate-500">
        {PICKER_WORDS.hint}
      </p>
      {/* Above the list, not below it: below, a long list left it under the drawer's footer. */}
      {error ? (
        <p id="permissions-error" className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <div className="relative mt-2">
        <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
        <input
          type="search"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          // Enter here filters; it must not submit the form.
          onKeyDown={(event) => (event.key === "Enter" ? event.preventDefault() : undefined)}
          aria-label={PICKER_WORDS.filter}
          placeholder={PICKER_WORDS.filter}
          autoComplete="off"
          className="h-9 w-full rounded-lg border border-slate-300 bg-white pr-3 pl-9 text-sm shadow-sm placeholder:text-slate-400 focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20 focus:outline-none"
        />
      </div>
      {/* The rows scroll inside the drawer's own scroll: the fields below stay a short scroll away. */}
      <div
        ref={(element) =>
          focusRef(
            element
              ? {
                  // Refused: the picker's top (its legend and the message) comes into view, then the first row takes focus.
                  focus: () => {
                    element.closest("fieldset")?.scrollIntoView({ block: "start" });
                    element.querySelector<HTMLInputElement>("input[type=radio]:checked")?.focus({ preventScroll: true });
                  },
                }
              : null,
          )
        }
        className={cn(
          "mt-2 max-h-[min(20rem,45vh)] divide-y divide-slate-100 overflow-y-auto rounded-lg border",
          error ? "border-red-400" : "border-slate-200",
        )}
      >
        {rows.map((resource) => (
          <div
            key={resource.id}
            role="radiogroup"
            aria-labelledby={`resource-${resource.id}`}
            aria-describedby={`resource-${resource.id}-description`}
            className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-3 py-2.5"
          >
            {/* The choices always under the words: a row of two (Introspect) would otherwise sit beside them and squeeze its words. */}
            <div className="min-w-0 basis-full">
              <p id={`resource-${resource.id}`} className="text-sm font-medium break-words text-slate-900">
                {resource.label}
              </p>
              <p id={`resource-${resource.id}-description`} className="text-xs break-words text-slate-600">
                {resource.description}
              </p>
            </div>
            <div className="flex shrink-0 gap-1">
              {levelsFor(resource).map((level) => (
                <label
                  key={level}
                  className={cn(
                    "flex cursor-pointer items-center gap-1.5 rounded-md border px-2 py-1 text-xs font-medium transition-colors",
                    "border-slate-200 text-slate-700 hover:border-slate-300",
                    level === "write" || level === "introspect"
                      ? "has-[:checked]:border-amber-500 has-[:checked]:bg-amber-50 has-[:checked]:text-amber-900"
                      : level === "read"
                        ? "has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50 has-[:checked]:text-brand-800"
                        : "has-[:checked]:border-slate-400 has-[:checked]:bg-slate-100 has-[:checked]:text-slate-900",
                    "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-1 has-[:focus-visible]:outline-brand-500",
                  )}
                >
                  <input
                    type="radio"
                    name={`permission-${resource.id}`}
                    value={level}
                    checked={(levels[resource.id] ?? "none") === level}
                    onChange={() => choose(resource.id, level)}
                    className="size-3.5 shrink-0 accent-brand-600 focus-visible:outline-none"
                  />
                  {PICKER_WORDS.levels[level]}
                </label>
              ))}
            </div>
          </div>
        ))}
        {rows.length === 0 ? <p className="px-3 py-4 text-sm text-slate-600">{PICKER_WORDS.noMatch(filter.trim())}</p> : null}
      </div>
      <p id="permissions-summary" aria-live="polite" className="mt-2 text-sm text-slate-700">
        {summarise(value, catalogue)}
      </p>
    </fieldset>
  );
}
