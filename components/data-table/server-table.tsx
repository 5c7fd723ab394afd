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
   * "fixed": a fixed layout at laptop width, widths from the columns, long text truncated.
   * "cards": an automatic layout that becomes one small card per row at phone width.
   */
  layout: "fixed" | "cards";
  rowAlign?: "middle" | "top";
  /** What the table lists, for the scrollable region's name. */
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
      {/* A fixed layout scrolls sideways on a narrow screen: the keyboard must reach it too. */}
      <div
        className={cn(
          "mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm transition-opacity",
          pending && "opacity-60",
        )}
        aria-busy={pending || undefined}
        {...(cards ? {} : { tabIndex: 0, role: "group", "aria-label": `${label} table` })}
      >
        <table className={cn("w-full text-left text-sm", cards ? "sm:min-w-[640px]" : "min-w-[860px] table-fixed")}>
          <DataTableHead table={table} className={cn("border-b border-slate-200 bg-slate-50/80", cards && "max-sm:hidden")} />
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                data-highlighted={row.original.id === highlightedId || undefined}
                className={cn(
                  "hover:bg-slate-50/70",
                  row.original.id === highlightedId && "animate-highlight",
                  rowAlign === "top" ? "align-top" : "align-middle",
                  cards && "max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-1.5 max-sm:px-4 max-sm:py-3",
                )}
              >
                {row.getAllCells().map((cell) => {
                  const layoutOf = cell.column.columnDef.meta;
                  return (
                    <td
                      key={cell.id}
                      className={cn(
                        "px-3 py-3.5 text-slate-700 sm:first:pl-5 sm:last:pr-5",
                        layoutOf?.align === "right" ? "text-right whitespace-nowrap" : !cards && "truncate",
                        cards && cn("max-sm:p-0", layoutOf?.phone),
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
