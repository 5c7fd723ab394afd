"use client";

import {
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type PaginationState,
  type SortingState,
} from "@tanstack/react-table";
import { resolveUpdater } from "@/components/data-table/resolve-updater";
import type { Page } from "@/lib/dal/pagination";

/** Sorting and pagination as table state only: the server sorts and pages. */
export const serverTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature });
export type ServerTableFeatures = typeof serverTableFeatures;

type Sort = { sort: string; dir: "asc" | "desc" };

type Options<TData extends { id: string }> = {
  // `any` value type: each column has its own, as createColumnHelper().columns() returns them.
  columns: ColumnDef<ServerTableFeatures, TData, any>[];
  page: Page<TData>;
  /** The URL's sort, for sortable tables; omit it for a table in a fixed order. */
  sort?: Sort;
  onSort?: (sort: Sort) => void;
  onPage: (page: number) => void;
};

/** A TanStack table over one server-rendered page: its sort and page come from, and go back to, the URL. */
export function useServerTable<TData extends { id: string }>({ columns, page, sort, onSort, onPage }: Options<TData>) {
  const sorting: SortingState = sort ? [{ id: sort.sort, desc: sort.dir === "desc" }] : [];
  const pagination: PaginationState = { pageIndex: page.page - 1, pageSize: page.pageSize };
  return useTable({
    features: serverTableFeatures,
    columns,
    data: page.rows,
    getRowId: (row) => row.id,
    manualSorting: true,
    manualPagination: true,
    enableSorting: Boolean(sort),
    enableSortingRemoval: false,
    rowCount: page.total,
    state: { sorting, pagination },
    onSortingChange: (updater) => {
      const [first] = resolveUpdater(updater, sorting);
      if (first && onSort) onSort({ sort: first.id, dir: first.desc ? "desc" : "asc" });
    },
    onPaginationChange: (updater) => onPage(resolveUpdater(updater, pagination).pageIndex + 1),
  });
}
