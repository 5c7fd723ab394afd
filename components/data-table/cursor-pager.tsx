"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Newer and Older, for a listing that pages by position (the audit log); nothing on a single page. */
export function CursorPager({ newer, older }: { newer: (() => void) | null; older: (() => void) | null }) {
  if (!newer && !older) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-end gap-2 text-sm">
      <Button variant="secondary" size="sm" onClick={() => newer?.()} disabled={!newer}>
        <ChevronLeft className="size-4" aria-hidden="true" />
        Newer
      </Button>
      <Button variant="secondary" size="sm" onClick={() => older?.()} disabled={!older}>
        Older
        <ChevronRight className="size-4" aria-hidden="true" />
      </Button>
    </nav>
  );
}
