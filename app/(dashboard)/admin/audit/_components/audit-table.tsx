"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { Pagination } from "@/components/data-table/pagination";
import { DataTableHead } from "@/components/data-table/data-table-head";
import { useServerTable, type ServerTableFeatures } from "@/components/data-table/use-server-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { cn } from "@/components/ui/cn";
import { LocalTime } from "@/components/ui/local-time";
import { AUDIT_ACTION_LABELS, type AuditAction } from "@/lib/audit-actions";
import type { AuditEventRow, Page } from "@/lib/dal/admin";
import type { AuditQuery } from "@/lib/validation/admin";

const WIDTH: Record<string, string> = {
  createdAt: "w-[21%]",
  event: "w-[19%]",
  actorEmail: "w-[21%]",
  targetTokenName: "w-[29%]",
  ip: "w-[10%]",
};

const DEFAULT_QUERY: AuditQuery = { action: "", user: "", from: "", to: "", page: 1 };
// The log is always newest first: no sort is passed, so no column sorts.
const column = createColumnHelper<ServerTableFeatures, AuditEventRow>();

const TONE: Partial<Record<AuditAction, string>> = {
  "token.created": "bg-brand-50 text-brand-700 ring-brand-600/20",
  "token.deleted": "bg-slate-100 text-slate-700 ring-slate-500/20",
  "token.revoked_by_admin": "bg-red-50 text-red-700 ring-red-600/20",
  "api.denied": "bg-amber-50 text-amber-800 ring-amber-600/20",
  "user.login_failed": "bg-amber-50 text-amber-800 ring-amber-600/20",
};

const columns = column.columns([
  column.accessor("createdAt", { header: "Time", cell: ({ getValue }) => <LocalTime iso={getValue()} /> }),
  column.accessor("action", {
    // Not "action": the shared header right-aligns a table's action (buttons) column by that id.
    id: "event",
    header: "Action",
    cell: ({ row }) => (
      <div>
        <span className={cn("inline-flex rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset", TONE[row.original.action] ?? "bg-emerald-50 text-emerald-800 ring-emerald-600/20")}>
          {AUDIT_ACTION_LABELS[row.original.action] ?? row.original.action}
        </span>
        {row.original.detail ? <p className="mt-1 font-mono text-xs text-slate-500">{row.original.detail}</p> : null}
      </div>
    ),
  }),
  column.accessor("actorEmail", {
    header: "Actor",
    cell: ({ row }) => (
      <div className="min-w-0">
        <p className="truncate text-slate-900" title={row.original.actorEmail ?? undefined}>
          {row.original.actorEmail ?? (row.original.detail === "npm run admin" ? "command line" : "—")}
        </p>
        {row.original.actorTokenId ? <p className="truncate text-xs text-slate-500">via API token {row.original.actorTokenId}</p> : null}
      </div>
    ),
  }),
  column.accessor("targetTokenName", {
    header: "Target",
    cell: ({ row }) => {
      const e = row.original;
      if (!e.targetTokenName) return <span className="text-slate-700">{e.targetOwnerEmail ?? "—"}</span>;
      return (
        <div className="min-w-0">
          <p className="truncate text-slate-900">
            {e.targetTokenName} <span className="font-mono text-xs text-slate-400">{e.targetTokenPrefix}…</span>
          </p>
          <p className="truncate text-xs text-slate-500" title={e.targetOwnerEmail ?? undefined}>
            {e.targetTokenScope === "WRITE" ? "Write" : "Read-Only"} · owner {e.targetOwnerEmail}
          </p>
        </div>
      );
    },
  }),
  column.accessor("ip", {
    header: "IP",
    cell: ({ row }) => (
      <span className="font-mono text-xs" title={row.original.userAgent ? `User agent: ${row.original.userAgent}` : undefined}>
        {row.original.ip ?? "—"}
      </span>
    ),
  }),
]);

export function AuditTable({ page, query }: { page: Page<AuditEventRow>; query: AuditQuery }) {
  const { navigate, pending } = useUrlState(query, DEFAULT_QUERY);
  const table = useServerTable({ columns, page, onPage: (next) => navigate({ page: next }) });

  return (
    <section aria-label="Audit events" className="mt-6">
      <p className="text-sm text-slate-500" aria-live="polite">
        {page.total === 1 ? "1 event" : `${page.total} events`}
      </p>
      <div className={cn("mt-3 overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm transition-opacity", pending && "opacity-60")} aria-busy={pending || undefined}>
        <table className="w-full min-w-[860px] table-fixed text-left text-sm">
          <DataTableHead table={table} widths={WIDTH} />
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="align-top hover:bg-slate-50/70">
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="truncate px-4 py-3 text-slate-700 first:pl-5 last:pr-5">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-5 py-12 text-center text-slate-500">
                  No event matches these filters.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <Pagination page={page} table={table} />
    </section>
  );
}
