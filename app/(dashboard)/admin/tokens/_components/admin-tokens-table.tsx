"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { ShieldX } from "lucide-react";
import dynamic from "next/dynamic";
import { useCallback, useMemo, useState } from "react";
import { SearchInput } from "@/components/data-table/search-input";
import { ServerTable } from "@/components/data-table/server-table";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Expires } from "@/components/ui/expires";
import { LastUsed } from "@/components/ui/last-used";
import { LocalTime } from "@/components/ui/local-time";
import { Notice } from "@/components/ui/notice";
import { useLazyPanel } from "@/components/ui/use-lazy-panel";
import { ScopeBadge } from "@/components/ui/scope-badge";
import { TokenName } from "@/components/ui/token-name";
import type { AdminTokenRow, Page } from "@/lib/model";
import type { AdminTokenQuery } from "@/lib/validation/admin";
import { adminTokenDetailsAction, revokeTokenAction } from "../actions";

const TokenDetailsDrawer = dynamic(() => import("@/components/token-details/token-details-drawer").then((m) => m.TokenDetailsDrawer), {
  ssr: false,
});

const DEFAULT_QUERY: AdminTokenQuery = { owner: "", q: "", expiry: "", sort: "createdAt", dir: "desc", page: 1 };
const column = createColumnHelper<ServerTableFeatures, AdminTokenRow>();

// A fixed layout, so long emails and names truncate instead of pushing Revoke off the screen.
function buildColumns(onRevoke: (token: AdminTokenRow) => void, onOpen: (token: AdminTokenRow) => void) {
  return column.columns([
    column.accessor("ownerEmail", {
      id: "owner",
      header: "Owner",
      meta: { width: "w-[18%]" },
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900" title={row.original.ownerEmail}>
            {row.original.ownerEmail}
          </p>
          <p className="truncate text-xs text-slate-600">{row.original.ownerName}</p>
        </div>
      ),
    }),
    column.accessor("name", {
      header: "Name",
      meta: { width: "w-[17%]" },
      cell: ({ row }) => (
        <TokenName
          name={row.original.name}
          displayPrefix={row.original.displayPrefix}
          allowedIps={row.original.allowedIps}
          onOpen={() => onOpen(row.original)}
        />
      ),
    }),
    column.accessor("scope", {
      header: "Access Scope",
      enableSorting: false,
      meta: { width: "w-[11%]" },
      cell: ({ getValue }) => <ScopeBadge scope={getValue()} />,
    }),
    column.accessor("createdAt", {
      header: "Created At",
      meta: { width: "w-[14%]" },
      cell: ({ getValue }) => <LocalTime iso={getValue()} />,
    }),
    column.accessor("lastUsedAt", {
      header: "Last Used",
      meta: { width: "w-[14%]" },
      cell: ({ row }) => <LastUsed iso={row.original.lastUsedAt} ip={row.original.lastUsedIp} client={row.original.lastUsedClient} />,
    }),
    column.accessor("expiresAt", {
      header: "Expires",
      enableSorting: false,
      meta: { width: "w-[13%]" },
      cell: ({ row }) => <Expires iso={row.original.expiresAt} previousValidUntil={row.original.previousValidUntil} />,
    }),
    column.display({
      id: "action",
      header: "Action",
      meta: { width: "w-[13%]", align: "right" },
      cell: ({ row }) => (
        <Button
          variant="danger-ghost"
          size="sm"
          aria-label={`Revoke ${row.original.name} of ${row.original.ownerEmail}`}
          onClick={() => onRevoke(row.original)}
        >
          <ShieldX className="size-4" aria-hidden="true" />
          Revoke
        </Button>
      ),
    }),
  ]);
}

export function AdminTokensTable({ page, query }: { page: Page<AdminTokenRow>; query: AdminTokenQuery }) {
  const { navigate, table } = useUrlState(query, DEFAULT_QUERY);
  const [toRevoke, setToRevoke] = useState<AdminTokenRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const details = useLazyPanel<string>();
  const openDetails = details.open;
  const columns = useMemo(() => buildColumns(setToRevoke, (token) => openDetails(token.id)), [openDetails]);
  const filtered = Boolean(query.owner || query.q || query.expiry);

  return (
    <section aria-label="All tokens" className="mt-8">
      {notice ? <Notice message={notice} onDismiss={clearNotice} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <SearchInput
          value={query.owner}
          onSearch={(owner) => navigate({ owner, page: 1 })}
          label="Filter by owner"
          placeholder="Owner email (or its start)"
          className="w-full sm:w-64"
        />
        <SearchInput
          value={query.q}
          onSearch={(q) => navigate({ q, page: 1 })}
          label="Filter by token name"
          placeholder="Token name (or its start)"
          className="w-full sm:w-64"
        />
        <select
          aria-label="Filter by expiry"
          value={query.expiry}
          onChange={(event) => navigate({ expiry: event.target.value as AdminTokenQuery["expiry"], page: 1 })}
          className="h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm"
        >
          <option value="">Any expiry</option>
          <option value="expiring">Expiring within 7 days</option>
          <option value="expired">Expired</option>
        </select>
        <p className="text-sm text-slate-600 sm:ml-auto" aria-live="polite">
          {page.total === 1 ? "1 token" : `${page.total} tokens`}
          {filtered ? (page.total === 1 ? " matches" : " match") : ""}
        </p>
      </div>
      <ServerTable
        label="All tokens"
        layout="fixed"
        columns={columns}
        page={page}
        {...table}
        empty={filtered ? "No token matches these filters." : "No user has an API token yet."}
      />
      <ConfirmDialog
        subject={toRevoke}
        title={(token) => `Revoke “${token.name}” of ${token.ownerEmail}?`}
        description="The token stops working at once, for every script that uses it. Its owner cannot undo this; the audit log records that you revoked it."
        confirmLabel="Revoke token"
        action={(token) => revokeTokenAction({ id: token.id })}
        onClose={() => setToRevoke(null)}
        onDone={({ name, ownerEmail }) => setNotice(`Token “${name}” of ${ownerEmail} was revoked.`)}
      />
      {details.mounted ? (
        <TokenDetailsDrawer tokenId={details.subject} load={adminTokenDetailsAction} showOwner onClose={details.close} />
      ) : null}
    </section>
  );
}
