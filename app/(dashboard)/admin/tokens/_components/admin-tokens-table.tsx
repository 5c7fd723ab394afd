"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { ShieldX } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { Pagination } from "@/components/data-table/pagination";
import { SearchInput } from "@/components/data-table/search-input";
import { DataTableHead } from "@/components/data-table/data-table-head";
import { useServerTable, type ServerTableFeatures } from "@/components/data-table/use-server-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { LastUsed } from "@/components/ui/last-used";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { ScopeBadge } from "@/components/ui/scope-badge";
import type { AdminTokenRow, Page } from "@/lib/dal/admin";
import type { AdminTokenQuery } from "@/lib/validation/admin";
import { RevokeTokenDialog } from "./revoke-token-dialog";

// A fixed layout, so long emails and names truncate instead of pushing Revoke off the screen.
const WIDTH: Record<string, string> = {
  owner: "w-[21%]",
  name: "w-[19%]",
  scope: "w-[11%]",
  createdAt: "w-[19%]",
  lastUsedAt: "w-[18%]",
  action: "w-[12%]",
};

const DEFAULT_QUERY: AdminTokenQuery = { owner: "", q: "", sort: "createdAt", dir: "desc", page: 1 };
const column = createColumnHelper<ServerTableFeatures, AdminTokenRow>();

function buildColumns(onRevoke: (token: AdminTokenRow) => void) {
  return column.columns([
    column.accessor("ownerEmail", {
      id: "owner",
      header: "Owner",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900" title={row.original.ownerEmail}>
            {row.original.ownerEmail}
          </p>
          <p className="truncate text-xs text-slate-500">{row.original.ownerName}</p>
        </div>
      ),
    }),
    column.accessor("name", {
      header: "Name",
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="truncate text-slate-900">{row.original.name}</p>
          <p className="mt-0.5 font-mono text-xs text-slate-400">{row.original.displayPrefix}…</p>
        </div>
      ),
    }),
    column.accessor("scope", { header: "Access Scope", enableSorting: false, cell: ({ getValue }) => <ScopeBadge scope={getValue()} /> }),
    column.accessor("createdAt", { header: "Created At", cell: ({ getValue }) => <LocalTime iso={getValue()} /> }),
    column.accessor("lastUsedAt", { header: "Last Used", cell: ({ getValue }) => <LastUsed iso={getValue()} /> }),
    column.display({
      id: "action",
      header: "Action",
      cell: ({ row }) => (
        <Button variant="danger-ghost" size="sm" aria-label={`Revoke ${row.original.name} of ${row.original.ownerEmail}`} onClick={() => onRevoke(row.original)}>
          <ShieldX className="size-4" aria-hidden="true" />
          Revoke
        </Button>
      ),
    }),
  ]);
}

export function AdminTokensTable({ page, query }: { page: Page<AdminTokenRow>; query: AdminTokenQuery }) {
  const { navigate, pending } = useUrlState(query, DEFAULT_QUERY);
  const [toRevoke, setToRevoke] = useState<AdminTokenRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const columns = useMemo(() => buildColumns(setToRevoke), []);
  const table = useServerTable({
    columns,
    page,
    sort: query,
    onSort: ({ sort, dir }) => navigate({ sort: sort as AdminTokenQuery["sort"], dir, page: 1 }),
    onPage: (next) => navigate({ page: next }),
  });

  const filtered = Boolean(query.owner || query.q);

  return (
    <section aria-label="All tokens" className="mt-8">
      {notice ? <Notice message={notice} onDismiss={clearNotice} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <SearchInput value={query.owner} onSearch={(owner) => navigate({ owner, page: 1 })} label="Filter by owner" placeholder="Owner email" className="w-full sm:w-64" />
        <SearchInput value={query.q} onSearch={(q) => navigate({ q, page: 1 })} label="Filter by token name" placeholder="Token name" className="w-full sm:w-64" />
        <p className="text-sm text-slate-500 sm:ml-auto" aria-live="polite">
          {page.total === 1 ? "1 token" : `${page.total} tokens`}
          {filtered ? " match" : ""}
        </p>
      </div>

      <div className={cn("mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm transition-opacity", pending && "opacity-60")} aria-busy={pending || undefined}>
        <table className="w-full min-w-[860px] table-fixed text-left text-sm">
          <DataTableHead table={table} widths={WIDTH} />
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50/70">
                {row.getAllCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={cn("px-4 py-3.5 align-middle text-slate-700 first:pl-5 last:pr-5", cell.column.id === "action" ? "text-right whitespace-nowrap" : "truncate")}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-5 py-12 text-center text-slate-500">
                  {filtered ? "No token matches these filters." : "No user has an API token yet."}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>

      <Pagination page={page} table={table} />

      <RevokeTokenDialog
        token={toRevoke}
        onClose={() => setToRevoke(null)}
        onRevoked={(name, ownerEmail) => setNotice(`Token “${name}” of ${ownerEmail} was revoked.`)}
      />
    </section>
  );
}
