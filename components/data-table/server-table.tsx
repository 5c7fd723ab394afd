"use client";

import { DataTableHead } from "@/components/data-table/data-table-head";
import { Pagination } from "@/components/data-table/pagination";
import { useServerTable, type ServerTableOptions } from "@/components/data-table/use-server-table";
import { cn } from "@/components/ui/cn";

type Props<TData extends { id: string }> = ServerTableOptions<TData> & {
  /** True while the next page, sort or filter loads: the rows dim and the region is busy. */
  pending: boolean;
  /** What the body says when the page has no row. */
  empty: React.ReactNode;
  /**
   * "cards": a table whose columns size to their content (long text wraps, nothing is cut
   * off) at a laptop's width (xl, 1280 px), and one small card per row below it, on a phone
   * and a tablet, each cell placed in the card by its column's `meta.phone`.
   */
  layout: "cards";
  rowAlign?: "middle" | "top";
  /** What the table lists: its accessible name. */
  label: string;
  /** A row to mark for a moment (the token just created). */
  highlightedId?: string | null;
};

/**
 * The one table of the console: a server-rendered page of rows with its header (sortable
 * columns are buttons), a pending state, an empty row and the pager. A table is its column
 * definitions plus this.
 */
export function ServerTable<TData extends { id: string }>({
  pending,
  empty,
  layout,
  rowAlign = "middle",
  label,
  highlightedId,
  ...options
}: Props<TData>) {
  const table = useServerTable(options);
  const cards = layout === "cards";
  return (
    <>
      {/* Its columns fit the screen at every width (e2e/tables-fit.spec.ts); the scroll is a last resort. */}
      <div
        className={cn(
          "mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm transition-opacity",
          pending && "opacity-60",
        )}
        aria-busy={pending || undefined}
      >
        <table aria-label={label} className="w-full text-left text-sm">
          <DataTableHead table={table} className={cn("border-b border-slate-200 bg-slate-50/80", cards && "max-xl:hidden")} />
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-highlighted={row.original.id === highlightedId || undefined}
                className={cn(
                  "hover:bg-slate-50/70",
                  row.original.id === highlightedId && "animate-highlight",
                  rowAlign === "top" ? "align-top" : "align-middle",
                  cards &&
                    "max-xl:grid max-xl:grid-cols-[minmax(0,1fr)_auto] max-xl:gap-x-3 max-xl:gap-y-1 max-xl:px-4 max-xl:py-3 sm:max-xl:px-5",
                )}
              >
                {row.getAllCells().map((cell) => {
                  const layoutOf = cell.column.columnDef.meta;
                  return (
                    <td
                      key={cell.id}
                      className={cn(
                        "px-2 py-1.5 text-slate-700 xl:first:pl-5 xl:last:pr-5",
                        layoutOf?.align === "right" && "text-right whitespace-nowrap",
                        layoutOf?.width,
                        cards && cn("max-xl:p-0", layoutOf?.phone),
                      )}
                    >
                      <table.FlexRender cell={cell} />
                    </td>
                  );
                })}
              </tr>
            ))}
            {options.page.rows.length === 0 ? (
              <tr>
                <td colSpan={options.columns.length} className="px-5 py-12 text-center text-slate-600">
                  {empty}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pagination page={options.page} table={table} />
    </>
  );
}
