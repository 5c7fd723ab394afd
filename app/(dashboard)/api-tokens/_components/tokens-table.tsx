"use client";

import { KeyRound } from "lucide-react";
import dynamic from "next/dynamic";
import { useCallback, useMemo, useState } from "react";
import { SearchInput } from "@/components/data-table/search-input";
import { ServerTable } from "@/components/data-table/server-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import { useLazyPanel } from "@/components/ui/use-lazy-panel";
import type { Page, TokenRow } from "@/lib/model";
import type { TokenListQuery } from "@/lib/validation/api-token";
import { deleteTokenAction } from "../actions";
import { buildTokenColumns } from "./columns";
import { CreateTokenButton } from "./create-token-button";
import { RollTokenDialog } from "./roll-token-dialog";

const loadDetails = () => import("./token-details");
const OwnerTokenDetails = dynamic(() => loadDetails().then((m) => m.OwnerTokenDetails), { ssr: false });

const DEFAULT_QUERY: TokenListQuery = { q: "", sort: "createdAt", dir: "desc", page: 1 };

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
export function TokensTable({ page, query, expiringSoon }: { page: Page<TokenRow>; query: TokenListQuery; expiringSoon: number }) {
  const { navigate, table } = useUrlState(query, DEFAULT_QUERY);
  const [searchKey, setSearchKey] = useState(0);
  const [toDelete, setToDelete] = useState<TokenRow | null>(null);
  const [toRoll, setToRoll] = useState<TokenRow | null>(null);
  const details = useLazyPanel<{ id: string; edit: boolean }>();
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const openDetails = details.open;
  const columns = useMemo(
    () => buildTokenColumns({ onDelete: setToDelete, onRoll: setToRoll, onOpen: (token, edit) => openDetails({ id: token.id, edit }) }),
    [openDetails],
  );

  const noticeBanner = notice ? <Notice message={notice} onDismiss={clearNotice} /> : null;
  const deleteDialog = (
    <ConfirmDialog
      subject={toDelete}
      title={(token) => `Delete “${token.name}”?`}
      description="Any script or service that uses this token stops working at once. This cannot be undone."
      confirmLabel="Delete token"
      action={(token) => deleteTokenAction({ id: token.id })}
      onClose={() => setToDelete(null)}
      onDone={({ name }) => setNotice(`Token “${name}” was deleted. It can no longer be used.`)}
    />
  );
  const rollDialog = (
    <RollTokenDialog
      token={toRoll}
      onClose={() => setToRoll(null)}
      onRolled={(name) => setNotice(`Token “${name}” was rolled. Put its new secret where the old one was used.`)}
    />
  );
  const detailsDrawer = details.mounted ? (
    <OwnerTokenDetails open={details.subject} onClose={details.close} onUpdated={(name) => setNotice(`Token “${name}” was updated.`)} />
  ) : null;

  if (page.total === 0 && !query.q) {
    return (
      <div className="mt-8">
        {noticeBanner}
        <EmptyState />
        {deleteDialog}
        {rollDialog}
        {detailsDrawer}
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
      {expiringSoon > 0 ? (
        <p role="note" className="mb-4 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {expiringSoon === 1
            ? "1 of your tokens expires within 7 days. Roll it, or create a new one, before it stops working."
            : `${expiringSoon} of your tokens expire within 7 days. Roll them, or create new ones, before they stop working.`}
        </p>
      ) : null}
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
        <p className="text-sm text-slate-600" aria-live="polite">
          {page.total === 1 ? "1 token" : `${page.total} tokens`}
          {query.q ? ` matching “${query.q}”` : ""}
        </p>
      </div>

      <ServerTable
        label="API tokens"
        layout="cards"
        columns={columns}
        page={page}
        {...table}
        empty={
          <>
            No token matches “{query.q}”.{" "}
            <button type="button" onClick={clearSearch} className="font-medium text-brand-600 hover:underline">
              Clear the search
            </button>
          </>
        }
      />
      {deleteDialog}
      {rollDialog}
      {detailsDrawer}
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
      <p className="mt-1 max-w-sm text-sm text-slate-600">
        Create your first API key to let a script or a CI pipeline call the platform API. You choose whether it can only read, or also
        write.
      </p>
      <div className="mt-6">
        <CreateTokenButton variant="secondary">Create your first API key</CreateTokenButton>
      </div>
    </section>
  );
}
