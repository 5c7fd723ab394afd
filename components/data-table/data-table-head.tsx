"use client";

import type { Column_RowSorting, ReactTable, RowData, rowSortingFeature, TableFeatures } from "@tanstack/react-table";
import { SortHeader } from "@/components/data-table/sort-header";

type SortableFeatures = TableFeatures & { rowSortingFeature: typeof rowSortingFeature };

type Props<TFeatures extends SortableFeatures, TData extends RowData> = {
  table: ReactTable<TFeatures, TData>;
  /** Width classes by column id, for tables with a fixed layout. */
  widths?: Record<string, string>;
  className?: string;
};

/** The header row of a server-sorted table: sortable columns are buttons, "action" aligns right. */
export function DataTableHead<TFeatures extends SortableFeatures, TData extends RowData>({ table, widths, className }: Props<TFeatures, TData>) {
  return (
    <thead className={className ?? "border-b border-slate-200 bg-slate-50/80"}>
      {table.getHeaderGroups().map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => {
            // The constraint guarantees the sorting feature; TypeScript cannot narrow a generic column to it.
            const column = header.column as typeof header.column & Column_RowSorting<TFeatures, TData>;
            return (
              <SortHeader
                key={header.id}
                sorted={column.getIsSorted()}
                canSort={column.getCanSort()}
                onToggle={column.getToggleSortingHandler()}
                align={column.id === "action" ? "right" : "left"}
                className={widths?.[column.id]}
              >
                <table.FlexRender header={header} />
              </SortHeader>
            );
          })}
        </tr>
      ))}
    </thead>
  );
}
