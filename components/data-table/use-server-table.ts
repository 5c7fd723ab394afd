"use client";

import {
  metaHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type PaginationState,
  type SortingState,
} from "@tanstack/react-table";
import { resolveUpdater } from "@/components/data-table/resolve-updater";
import type { Page } from "@/lib/model";

/**
 * How a column lays out: classes for its header and cells (a width, a minimum), right
 * alignment, and its cells' place in a phone card.
 */
export type ColumnLayout = { width?: string; align?: "right"; phone?: string };

/** Sorting and pagination as table state only: the server sorts and pages. */
export const serverTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature, columnMeta: metaHelper<ColumnLayout>() });
export type ServerTableFeatures = typeof serverTableFeatures;

export type Sort = { sort: string; dir: "asc" | "desc" };

export type ServerTableOptions<TData extends { id: string }> = {
  // `any` value type: each column has its own, as createColumnHelper().columns() returns them.
  columns: ColumnDef<ServerTableFeatures, TData, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  page: Page<TData>;
  /** The URL's sort, for sortable tables; omit it for a table in a fixed order. */
  sort?: Sort;
  onSort?: (sort: Sort) => void;
  onPage: (page: number) => void;
};

/** A TanStack table over one server-rendered page: its sort and page come from, and go back to, the URL. */
export function useServerTable<TData extends { id: string }>({ columns, page, sort, onSort, onPage }: ServerTableOptions<TData>) {
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
