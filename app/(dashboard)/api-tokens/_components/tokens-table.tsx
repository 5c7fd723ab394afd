"use client";

import { KeyRound } from "lucide-react";
import { useCallback, useMemo, useState } from "react";
import { Pagination } from "@/components/data-table/pagination";
import { SearchInput } from "@/components/data-table/search-input";
import { DataTableHead } from "@/components/data-table/data-table-head";
import { useServerTable } from "@/components/data-table/use-server-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { cn } from "@/components/ui/cn";
import { Notice } from "@/components/ui/notice";
import type { TokenPage, TokenRow } from "@/lib/dal/tokens";
import type { TokenListQuery } from "@/lib/validation/api-token";
import { buildTokenColumns } from "./columns";
import { CreateTokenButton } from "./create-token-button";
import { DeleteTokenDialog } from "./delete-token-dialog";

const DEFAULT_QUERY: TokenListQuery = { q: "", sort: "createdAt", dir: "desc", page: 1 };

// At phone width each row becomes a small card: name, scope and date stacked, Delete beside them.
const PHONE_CELL: Record<string, string> = {
  name: "max-sm:col-start-1 max-sm:row-start-1",
  scope: "max-sm:col-start-1 max-sm:row-start-2",
  createdAt: "max-sm:col-start-1 max-sm:row-start-3 max-sm:text-xs max-sm:text-slate-500 max-sm:before:content-['Created:_']",
  lastUsedAt: "max-sm:col-start-1 max-sm:row-start-4 max-sm:text-xs max-sm:text-slate-500 max-sm:before:content-['Last_used:_']",
  action: "max-sm:col-start-2 max-sm:row-span-4 max-sm:row-start-1 max-sm:self-center",
};

const SORT_OPTIONS = [
  { value: "createdAt:desc", label: "Newest first" },
  { value: "createdAt:asc", label: "Oldest first" },
  { value: "name:asc", label: "Name, A to Z" },
  { value: "name:desc", label: "Name, Z to A" },
] as const;

/**
 * The listing. Its state (search, sort, page) lives in the URL and the server does the work,
 * so a user with thousands of tokens downloads one page, and a reload or a shared link shows
 * the same view.
 */
export function TokensTable({ page, query }: { page: TokenPage; query: TokenListQuery }) {
  const { navigate, pending } = useUrlState(query, DEFAULT_QUERY);
  const [searchKey, setSearchKey] = useState(0);
  const [toDelete, setToDelete] = useState<TokenRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  const columns = useMemo(() => buildTokenColumns(setToDelete), []);
  const table = useServerTable({
    columns,
    page,
    sort: query,
    onSort: ({ sort, dir }) => navigate({ sort: sort as TokenListQuery["sort"], dir, page: 1 }),
    onPage: (next) => navigate({ page: next }),
  });

  const noticeBanner = notice ? <Notice message={notice} onDismiss={clearNotice} /> : null;
  const deleteDialog = (
    <DeleteTokenDialog
      token={toDelete}
      onClose={() => setToDelete(null)}
      onDeleted={(name) => setNotice(`Token “${name}” was revoked. It can no longer be used.`)}
    />
  );

  if (page.total === 0 && !query.q) {
    return (
      <div className="mt-8">
        {noticeBanner}
        <EmptyState />
        {deleteDialog}
      </div>
    );
  }

  const clearSearch = () => {
    setSearchKey((key) => key + 1);
    navigate({ q: "", page: 1 });
  };

  return (
    <section aria-label="API tokens" className="mt-8">
      {noticeBanner}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput
          key={searchKey}
          value={query.q}
          onSearch={(q) => navigate({ q, page: 1 })}
          label="Search tokens by name"
          placeholder="Search by name"
          className="w-full sm:w-80"
        />
        {/* The column headers sort at laptop width; a phone has no room for them. */}
        <select
          aria-label="Sort tokens"
          value={`${query.sort}:${query.dir}`}
          onChange={(event) => {
            const [sort, dir] = event.target.value.split(":") as [TokenListQuery["sort"], TokenListQuery["dir"]];
            navigate({ sort, dir, page: 1 });
          }}
          className="h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm sm:hidden"
        >
          {SORT_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <p className="text-sm text-slate-500" aria-live="polite">
          {page.total === 1 ? "1 token" : `${page.total} tokens`}
          {query.q ? ` matching “${query.q}”` : ""}
        </p>
      </div>

      <div
        className={cn(
          "mt-4 overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm transition-opacity",
          pending && "opacity-60",
        )}
        aria-busy={pending || undefined}
      >
        <table className="w-full text-left text-sm sm:min-w-[640px]">
          <DataTableHead table={table} className="border-b border-slate-200 bg-slate-50/80 max-sm:hidden" />
          <tbody className="divide-y divide-slate-100">
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50/70 max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_auto] max-sm:gap-x-3 max-sm:gap-y-1.5 max-sm:px-4 max-sm:py-3">
                {row.getAllCells().map((cell) => (
                  <td
                    key={cell.id}
                    className={cn(
                      "px-4 py-3.5 align-middle text-slate-700 first:pl-5 last:pr-5 max-sm:p-0",
                      cell.column.id === "action" && "text-right",
                      PHONE_CELL[cell.column.id],
                    )}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
            {page.rows.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="px-5 py-12 text-center text-slate-500">
                  No token matches “{query.q}”.{" "}
                  <button type="button" onClick={clearSearch} className="font-medium text-brand-600 hover:underline">
                    Clear the search
                  </button>
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>

      <Pagination page={page} table={table} />

      {deleteDialog}
    </section>
  );
}

function EmptyState() {
  return (
    <section className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
      <span className="grid size-12 place-items-center rounded-full bg-brand-50 text-brand-600">
        <KeyRound className="size-6" aria-hidden="true" />
      </span>
      <h2 className="mt-4 text-base font-semibold text-slate-900">No API tokens yet</h2>
      <p className="mt-1 max-w-sm text-sm text-slate-500">
        Create your first API key to let a script or a CI pipeline call the platform API. You choose whether it can only
        read, or also write.
      </p>
      <div className="mt-6">
        <CreateTokenButton variant="secondary">Create your first API key</CreateTokenButton>
      </div>
    </section>
  );
}
