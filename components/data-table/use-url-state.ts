"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";

/**
 * A table's state (filters, sort, page) kept in the URL, where the server reads it: a reload or
 * a shared link shows the same view. Values equal to their default are left out of the URL.
 */
export function useUrlState<Q extends Record<string, string | number>>(query: Q, defaults: Q) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();

  const navigate = (patch: Partial<Q>) => {
    const next = { ...query, ...patch };
    const params = new URLSearchParams();
    for (const key of Object.keys(defaults)) {
      if (next[key] !== defaults[key]) params.set(key, String(next[key]));
    }
    const qs = params.toString();
    startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  };

  return { navigate, pending };
}
