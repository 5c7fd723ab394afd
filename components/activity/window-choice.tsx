"use client";

import { useId } from "react";
import { USAGE_WINDOWS, WINDOWS, type UsageWindow } from "@/lib/activity";
import { ACTIVITY_WORDS } from "./words";

/**
 * The chart's window as a segmented control: native radios, so that Tab reaches the group once
 * and the arrow keys move the choice, as a screen reader expects of a radio group.
 */
export function WindowChoice({ value, onChange }: { value: UsageWindow; onChange: (next: UsageWindow) => void }) {
  const name = useId();
  return (
    <fieldset className="inline-flex rounded-lg border border-slate-300 bg-slate-50 p-0.5 shadow-sm">
      <legend className="sr-only">{ACTIVITY_WORDS.window}</legend>
      {USAGE_WINDOWS.map((window) => (
        <label
          key={window}
          className="relative cursor-pointer rounded-md px-3 py-1 text-sm font-medium text-slate-600 has-checked:bg-white has-checked:text-slate-900 has-checked:shadow-sm has-focus-visible:outline-2 has-focus-visible:outline-brand-500 hover:text-slate-900"
        >
          {/* Over its label, transparent: a click or a tap lands on the radio itself. */}
          <input
            type="radio"
            name={name}
            value={window}
            checked={value === window}
            onChange={() => onChange(window)}
            className="absolute inset-0 cursor-pointer appearance-none rounded-md opacity-0"
          />
          {WINDOWS[window].label}
        </label>
      ))}
    </fieldset>
  );
}
