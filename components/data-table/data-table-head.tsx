"use client";

import type { Column_RowSorting, ReactTable, RowData } from "@tanstack/react-table";
import { SortHeader } from "@/components/data-table/sort-header";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";

type Props<TData extends RowData> = { table: ReactTable<ServerTableFeatures, TData>; className: string };

/** The header row of a server-sorted table: sortable columns are buttons; widths and alignment come from the columns. */
export function DataTableHead<TData extends RowData>({ table, className }: Props<TData>) {
  return (
    <thead className={className}>
      {table.getHeaderGroups().map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => {
            // The feature set includes sorting; TypeScript cannot narrow a generic column to it.
            const column = header.column as typeof header.column & Column_RowSorting<ServerTableFeatures, TData>;
            const layout = column.columnDef.meta;
            return (
              <SortHeader
                key={header.id}
                sorted={column.getIsSorted()}
                canSort={column.getCanSort()}
                onToggle={column.getToggleSortingHandler()}
                align={layout?.align ?? "left"}
                className={layout?.width}
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
