"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";

type Props = {
  page: number;
  pageCount: number;
  pageSize: number;
  total: number;
  shown: number;
  onPrevious: () => void;
  onNext: () => void;
  canPrevious: boolean;
  canNext: boolean;
};

/** "Showing 21–40 of 45" with Previous and Next; nothing when everything fits on one page. */
export function Pagination({ page, pageCount, pageSize, total, shown, onPrevious, onNext, canPrevious, canNext }: Props) {
  if (pageCount <= 1) return null;
  const first = (page - 1) * pageSize + 1;
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-500">
      <p>
        Showing {first}–{first + shown - 1} of {total}
      </p>
      <div className="flex items-center gap-2">
        <Button variant="secondary" size="sm" onClick={onPrevious} disabled={!canPrevious}>
          <ChevronLeft className="size-4" aria-hidden="true" />
          Previous
        </Button>
        <span className="px-1 tabular-nums">
          Page {page} of {pageCount}
        </span>
        <Button variant="secondary" size="sm" onClick={onNext} disabled={!canNext}>
          Next
          <ChevronRight className="size-4" aria-hidden="true" />
        </Button>
      </div>
    </nav>
  );
}
