"use client";

import { useCallback, useState } from "react";

/**
 * A drawer or dialog whose code loads on demand: mounted from its first opening on (so that
 * closing animates and gives focus back), open while it has a subject (what it is open for):
 * from the start when `initial` is one.
 */
export function useLazyPanel<T>(initial: T | null = null) {
  const [subject, setSubject] = useState<T | null>(initial);
  const [mounted, setMounted] = useState(initial !== null);
  const open = useCallback((next: T) => {
    setMounted(true);
    setSubject(next);
  }, []);
  const close = useCallback(() => setSubject(null), []);
  return { subject, mounted, open, close };
}
