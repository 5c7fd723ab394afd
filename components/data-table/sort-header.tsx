"use client";

import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { cn } from "@/components/ui/cn";

type Props = {
  sorted: false | "asc" | "desc";
  canSort: boolean;
  onToggle?: (event: unknown) => void;
  align?: "left" | "right";
  /** The column's width classes. */
  className?: string;
  children: React.ReactNode;
};

/** A column header: a button that sorts when the column can, with aria-sort for screen readers. */
export function SortHeader({ sorted, canSort, onToggle, align = "left", className, children }: Props) {
  return (
    <th
      scope="col"
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
      className={cn(
        "px-2 py-2.5 text-xs font-semibold tracking-wide whitespace-nowrap text-slate-500 uppercase xl:first:pl-5 xl:last:pr-5",
        align === "right" && "text-right",
        align === "right" && !className && "w-px",
        className,
      )}
    >
      {canSort ? (
        <button
          type="button"
          onClick={onToggle}
          className="-mx-1 inline-flex items-center gap-1 rounded px-1 uppercase hover:text-slate-900"
        >
          {children}
          {sorted === "asc" ? (
            <ArrowUp className="size-3.5" aria-hidden="true" />
          ) : sorted === "desc" ? (
            <ArrowDown className="size-3.5" aria-hidden="true" />
          ) : (
            <ArrowUpDown className="size-3.5 opacity-40" aria-hidden="true" />
          )}
        </button>
      ) : (
        children
      )}
    </th>
  );
}
