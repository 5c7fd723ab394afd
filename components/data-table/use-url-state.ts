"use client";

import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import type { Sort } from "@/components/data-table/use-server-table";

/**
 * A table's state (filters, sort, page) kept in the URL, where the server reads it: a reload or
 * a shared link shows the same view. Values equal to their default are left out of the URL.
 * `table` holds what a ServerTable needs to page (and, when the query has a sort, to sort).
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

  const sortable = typeof query.sort === "string" && (query.dir === "asc" || query.dir === "desc");
  const table = {
    pending,
    onPage: (page: number) => navigate({ page } as unknown as Partial<Q>),
    ...(sortable
      ? {
          sort: { sort: String(query.sort), dir: query.dir as Sort["dir"] },
          onSort: ({ sort, dir }: Sort) => navigate({ sort, dir, page: 1 } as unknown as Partial<Q>),
        }
      : {}),
  };

  return { navigate, pending, table };
}
