"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { ShieldX } from "lucide-react";
import dynamic from "next/dynamic";
import { useCallback, useMemo, useState } from "react";
import { StateButton, StateDialog } from "@/components/token-table/state-controls";
import { SearchInput } from "@/components/data-table/search-input";
import { ServerTable } from "@/components/data-table/server-table";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { CARD_LINE, tokenColumns } from "@/components/token-table/token-columns";
import { TOKEN_COLUMN_WORDS } from "@/components/token-table/words";
import { Breakable } from "@/components/ui/breakable";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import { useLazyPanel } from "@/components/ui/use-lazy-panel";
import { TokenName } from "@/components/ui/token-name";
import type { AdminTokenRow, Page } from "@/lib/model";
import { ACTIONS, type Catalogue } from "@/lib/permissions";
import { SCOPE_LABELS, SCOPE_WIRE, SCOPES } from "@/lib/scopes";
import type { AdminTokenQuery } from "@/lib/validation/admin";
import {
  adminTokenDetailsAction,
  adminTokenRequestsAction,
  adminTokenStateAction,
  adminTokenUsageAction,
  revokeTokenAction,
} from "../actions";
import { useSudoAction } from "@/components/sudo/sudo-provider";
import { ALL_TOKENS_WORDS } from "../../words";

const TokenDetailsDrawer = dynamic(() => import("@/components/token-details/token-details-drawer").then((m) => m.TokenDetailsDrawer), {
  ssr: false,
});

const ACTIVITY = { usage: adminTokenUsageAction, requests: adminTokenRequestsAction };

const DEFAULT_QUERY: AdminTokenQuery = {
  owner: "",
  team: "",
  q: "",
  expiry: "",
  scope: "",
  permission: "",
  sort: "createdAt",
  dir: "desc",
  page: 1,
};
const SELECT = "h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm";

// What the column headers sort by, for the cards below a laptop's width, which have no headers.
const SORT_OPTIONS = Object.entries(ALL_TOKENS_WORDS.sortOptions).map(([value, label]) => ({ value, label }));
const column = createColumnHelper<ServerTableFeatures, AdminTokenRow>();

// The columns size to their content and long emails and names wrap, so that an audit reads
// everything at a laptop's width and Revoke stays on screen. Below it each row is a card.
function buildColumns(
  onRevoke: (token: AdminTokenRow) => void,
  onOpen: (token: AdminTokenRow) => void,
  onState: (token: AdminTokenRow, to: "disabled" | "active") => void,
) {
  return column.columns([
    column.accessor("ownerEmail", {
      id: "owner",
      header: ALL_TOKENS_WORDS.owner,
      meta: { width: "xl:min-w-44", phone: `${CARD_LINE} max-xl:row-start-3 max-xl:mt-1 max-xl:before:content-['Owner']` },
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="font-medium wrap-anywhere text-slate-900 max-xl:font-normal">
            <Breakable text={row.original.ownerEmail} />
          </p>
          <p className="text-xs wrap-anywhere text-slate-600">{row.original.ownerName}</p>
          {row.original.teamName ? (
            <p className="mt-0.5 text-xs wrap-anywhere text-slate-700">{ALL_TOKENS_WORDS.teamOf(row.original.teamName)}</p>
          ) : null}
        </div>
      ),
    }),
    column.accessor("name", {
      header: TOKEN_COLUMN_WORDS.name,
      meta: { width: "xl:min-w-40", phone: "max-xl:col-start-1 max-xl:row-start-1" },
      cell: ({ row }) => (
        <TokenName
          name={row.original.name}
          displayPrefix={row.original.displayPrefix}
          allowedIps={row.original.allowedIps}
          onOpen={() => onOpen(row.original)}
        />
      ),
    }),
    ...tokenColumns<AdminTokenRow>({
      cardRows: { createdAt: "max-xl:row-start-4", lastUsedAt: "max-xl:row-start-5", expiresAt: "max-xl:row-start-6" },
      stackedCreated: true,
      sortByLastUsed: true,
    }),
    column.display({
      id: "action",
      header: TOKEN_COLUMN_WORDS.action,
      meta: { align: "right", phone: "max-xl:col-span-2 max-xl:row-start-7 max-xl:-ml-2.5 max-xl:pt-1 max-xl:text-left" },
      cell: ({ row }) => (
        <span className="inline-flex flex-wrap justify-end gap-1 max-xl:justify-start xl:flex-col xl:items-end">
          {row.original.status === "active" || row.original.status === "disabled" ? (
            <StateButton
              size="sm"
              name={row.original.name}
              to={row.original.status === "active" ? "disabled" : "active"}
              onClick={() => onState(row.original, row.original.status === "active" ? "disabled" : "active")}
            />
          ) : null}
          <Button
            variant="danger-ghost"
            size="sm"
            aria-label={ALL_TOKENS_WORDS.revokeLabel(row.original.name, row.original.ownerEmail)}
            onClick={() => onRevoke(row.original)}
          >
            <ShieldX className="size-4" aria-hidden="true" />
            {ALL_TOKENS_WORDS.revoke}
          </Button>
        </span>
      ),
    }),
  ]);
}

export function AdminTokensTable({ page, query, catalogue }: { page: Page<AdminTokenRow>; query: AdminTokenQuery; catalogue: Catalogue }) {
  const { navigate, table } = useUrlState(query, DEFAULT_QUERY);
  const [toRevoke, setToRevoke] = useState<AdminTokenRow | null>(null);
  const revoke = useSudoAction(revokeTokenAction);
  const setState = useSudoAction(adminTokenStateAction);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const details = useLazyPanel<string>();
  const openDetails = details.open;
  const [toState, setToState] = useState<{ token: AdminTokenRow; to: "disabled" | "active" } | null>(null);
  const columns = useMemo(
    () =>
      buildColumns(
        setToRevoke,
        (token) => openDetails(token.id),
        (token, to) => setToState({ token, to }),
      ),
    [openDetails],
  );
  const filtered = Boolean(query.owner || query.team || query.q || query.expiry || query.scope || query.permission);

  return (
    <section aria-label={ALL_TOKENS_WORDS.label} className="mt-8">
      {notice ? <Notice message={notice} onDismiss={clearNotice} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        <SearchInput
          id="owner-filter"
          value={query.owner}
          onSearch={(owner) => navigate({ owner, page: 1 })}
          label={ALL_TOKENS_WORDS.filterOwner}
          placeholder={ALL_TOKENS_WORDS.filterOwnerPlaceholder}
          className="w-full sm:w-64"
        />
        <SearchInput
          value={query.team}
          onSearch={(team) => navigate({ team, page: 1 })}
          label={ALL_TOKENS_WORDS.filterTeam}
          placeholder={ALL_TOKENS_WORDS.filterTeamPlaceholder}
          className="w-full sm:w-56"
        />
        <SearchInput
          value={query.q}
          onSearch={(q) => navigate({ q, page: 1 })}
          label={ALL_TOKENS_WORDS.filterName}
          placeholder={ALL_TOKENS_WORDS.filterNamePlaceholder}
          className="w-full sm:w-64"
        />
        <select
          aria-label={ALL_TOKENS_WORDS.filterExpiry}
          value={query.expiry}
          onChange={(event) => navigate({ expiry: event.target.value as AdminTokenQuery["expiry"], page: 1 })}
          className={SELECT}
        >
          {Object.entries(ALL_TOKENS_WORDS.expiryOptions).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <GrantFilters query={query} catalogue={catalogue} onChange={(patch) => navigate({ ...patch, page: 1 })} />
        <select
          aria-label={ALL_TOKENS_WORDS.sort}
          value={`${query.sort}:${query.dir}`}
          onChange={(event) => {
            const [sort, dir] = event.target.value.split(":") as [AdminTokenQuery["sort"], AdminTokenQuery["dir"]];
            navigate({ sort, dir, page: 1 });
          }}
          className={`${SELECT} xl:hidden`}
        >
          {SORT_OPTIONS.some((option) => option.value === `${query.sort}:${query.dir}`) ? null : (
            <option value={`${query.sort}:${query.dir}`}>{ALL_TOKENS_WORDS.asSorted}</option>
          )}
          {SORT_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <p className="text-sm text-slate-600 sm:ml-auto" aria-live="polite">
          {ALL_TOKENS_WORDS.count(page.total)}
          {filtered ? ALL_TOKENS_WORDS.countMatch(page.total) : ""}
        </p>
      </div>
      <ServerTable
        label={ALL_TOKENS_WORDS.label}
        layout="cards"
        columns={columns}
        page={page}
        {...table}
        empty={filtered ? ALL_TOKENS_WORDS.noMatch : ALL_TOKENS_WORDS.none}
      />
      <ConfirmDialog
        subject={toRevoke}
        title={(token) => ALL_TOKENS_WORDS.revokeTitle(token.name, token.ownerEmail)}
        description={ALL_TOKENS_WORDS.revokeDescription}
        confirmLabel={ALL_TOKENS_WORDS.revokeConfirm}
        action={(token) => revoke({ id: token.id })}
        onClose={() => setToRevoke(null)}
        onDone={({ name, ownerEmail }) => setNotice(ALL_TOKENS_WORDS.revoked(name, ownerEmail))}
        // Its row is going: focus goes to the owner filter, not to the page.
        focusAfterDone={() => document.getElementById("owner-filter")}
      />
      <StateDialog
        subject={toState}
        action={({ token, to }) => setState({ id: token.id, to })}
        onClose={() => setToState(null)}
        onNotice={setNotice}
      />
      {details.mounted ? (
        <TokenDetailsDrawer
          tokenId={details.subject}
          load={adminTokenDetailsAction}
          activity={ACTIVITY}
          catalogue={catalogue}
          showOwner
          onClose={details.close}
        />
      ) : null}
    </section>
  );
}

/** By preset or Custom, and by a permission the grant covers (a preset's included), resource by resource. */
function GrantFilters({
  query,
  catalogue,
  onChange,
}: {
  query: AdminTokenQuery;
  catalogue: Catalogue;
  onChange: (patch: Pick<Partial<AdminTokenQuery>, "scope" | "permission">) => void;
}) {
  return (
    <>
      <select
        aria-label={ALL_TOKENS_WORDS.filterScope}
        value={query.scope}
        onChange={(event) => onChange({ scope: event.target.value as AdminTokenQuery["scope"] })}
        className={SELECT}
      >
        <option value="">{ALL_TOKENS_WORDS.anyScope}</option>
        {SCOPES.map((scope) => (
          <option key={scope} value={SCOPE_WIRE[scope]}>
            {SCOPE_LABELS[scope]}
          </option>
        ))}
      </select>
      <select
        aria-label={ALL_TOKENS_WORDS.filterPermission}
        value={query.permission}
        onChange={(event) => onChange({ permission: event.target.value })}
        className={`${SELECT} max-w-full`}
      >
        <option value="">{ALL_TOKENS_WORDS.anyPermission}</option>
        {catalogue.map((resource) => (
          <optgroup key={resource.id} label={resource.label}>
            {ACTIONS.map((action) => (
              <option key={action} value={`${resource.id}:${action}`}>
                {ALL_TOKENS_WORDS.permissionOption(resource.label, action)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </>
  );
}
