"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Page } from "@/lib/model";

type Pager = { previousPage(): void; nextPage(): void; getCanPreviousPage(): boolean; getCanNextPage(): boolean };

/** "Showing 21–40 of 45" with Previous and Next; nothing when everything fits on one page. */
export function Pagination({ page, table }: { page: Page<unknown>; table: Pager }) {
  if (page.pageCount <= 1) return null;
  const first = (page.page - 1) * page.pageSize + 1;
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-500">
      <p>
        Showing {first}–{first + page.rows.length - 1} of {page.total}
      </p>
      <div className="flex items-center gap-2">
        <Button variant="secondary" size="sm" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
          <ChevronLeft className="size-4" aria-hidden="true" />
          Previous
        </Button>
        <span className="px-1 tabular-nums">
          Page {page.page} of {page.pageCount}
        </span>
        <Button variant="secondary" size="sm" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
          Next
          <ChevronRight className="size-4" aria-hidden="true" />
        </Button>
      </div>
    </nav>
  );
}
