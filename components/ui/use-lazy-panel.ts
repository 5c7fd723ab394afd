"use client";

import { useCallback, useState } from "react";

/**
 * A drawer or dialog whose code loads on demand: mounted from its first opening on (so that
 * closing animates and gives focus back), open while it has a subject (what it is open for).
 */
export function useLazyPanel<T>() {
  const [subject, setSubject] = useState<T | null>(null);
  const [mounted, setMounted] = useState(false);
  const open = useCallback((next: T) => {
    setMounted(true);
    setSubject(next);
  }, []);
  const close = useCallback(() => setSubject(null), []);
  return { subject, mounted, open, close };
}
