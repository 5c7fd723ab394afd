"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { ServerTable } from "@/components/data-table/server-table";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";
import { useUrlState } from "@/components/data-table/use-url-state";
import { cn } from "@/components/ui/cn";
import { Breakable } from "@/components/ui/breakable";
import { IpAddress } from "@/components/ui/ip-address";
import { LocalTime } from "@/components/ui/local-time";
import { CursorPager } from "@/components/data-table/cursor-pager";
import { AUDIT_ACTIONS, type AuditAction, type AuditEventRow, type AuditPage, type Page } from "@/lib/model";
import { grantLabel, permissionsFromStored } from "@/lib/permissions";
import { isScope, SCOPE_LABELS } from "@/lib/scopes";
import type { AuditQuery } from "@/lib/validation/admin";

const DEFAULT_QUERY: AuditQuery = { action: "", user: "", team: "", from: "", to: "", before: "", after: "" };
// The log is always newest first: no sort is passed, so no column sorts.
const column = createColumnHelper<ServerTableFeatures, AuditEventRow>();

const TONE: Partial<Record<AuditAction, string>> = {
  "token.created": "bg-brand-50 text-brand-700 ring-brand-600/20",
  "token.deleted": "bg-slate-100 text-slate-700 ring-slate-500/20",
  "token.revoked_by_admin": "bg-red-50 text-red-700 ring-red-600/20",
  "token.permissions_narrowed": "bg-slate-100 text-slate-700 ring-slate-500/20",
  "api.denied": "bg-amber-50 text-amber-800 ring-amber-600/20",
  "user.login_failed": "bg-amber-50 text-amber-800 ring-amber-600/20",
  "user.sso_refused": "bg-amber-50 text-amber-800 ring-amber-600/20",
};

// In a card each line names what it holds, as the table's header would.
const CARD_LINE =
  "max-xl:col-span-2 max-xl:flex max-xl:gap-x-1.5 max-xl:text-xs max-xl:before:w-12 max-xl:before:shrink-0 max-xl:before:text-slate-500";

/** The token's grant at the event: "Read-Only", "Write", "Custom · 3" (a value no scope has, as stored). */
function scopeOf(event: AuditEventRow): string | null {
  const scope = event.targetTokenScope;
  if (!isScope(scope)) return scope;
  return grantLabel({ scope, permissions: permissionsFromStored(event.targetTokenPermissions ?? "") }, SCOPE_LABELS);
}

/** Who acted: the account, and for a request made with an API token, that token by name. */
function Actor({ event }: { event: AuditEventRow }) {
  const token = event.actorToken;
  return (
    <div className="min-w-0">
      <p className="wrap-anywhere text-slate-900">{event.actorEmail ? <Breakable text={event.actorEmail} /> : "—"}</p>
      {token ? (
        <p className="text-xs wrap-anywhere text-slate-600">
          via API token “{token.name}”{token.displayPrefix ? <span className="font-mono"> {token.displayPrefix}…</span> : null}
          {token.deleted ? " (since deleted)" : null}
        </p>
      ) : event.actorTokenId ? (
        <p className="text-xs text-slate-600" title={`Token id ${event.actorTokenId}`}>
          via an API token since deleted
        </p>
      ) : null}
    </div>
  );
}

const columns = column.columns([
  column.accessor("createdAt", {
    header: "Time (UTC)",
    meta: { phone: "max-xl:col-start-2 max-xl:row-start-1 max-xl:text-right max-xl:text-xs max-xl:text-slate-600" },
    cell: ({ getValue }) => <LocalTime iso={getValue()} stacked utc />,
  }),
  column.accessor("action", {
    // Not "action": that id is the buttons column, right-aligned.
    id: "event",
    header: "Action",
    meta: { phone: "max-xl:col-start-1 max-xl:row-start-1" },
    cell: ({ row }) => (
      // In a card the badge shares its line with the time: it wraps rather than run under it.
      <div className="min-w-0">
        <span
          className={cn(
            "inline-flex rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset xl:whitespace-nowrap",
            TONE[row.original.action] ?? "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
          )}
        >
          {AUDIT_ACTIONS[row.original.action] ?? row.original.action}
        </span>
        {row.original.detail ? (
          <p className="mt-1 font-mono text-xs wrap-anywhere text-slate-600 xl:max-w-52">{row.original.detail}</p>
        ) : null}
      </div>
    ),
  }),
  column.accessor("actorEmail", {
    header: "Actor",
    meta: { width: "xl:min-w-36", phone: `${CARD_LINE} max-xl:row-start-2 max-xl:before:content-['Actor']` },
    cell: ({ row }) => <Actor event={row.original} />,
  }),
  column.accessor("targetTokenName", {
    header: "Target",
    meta: { width: "xl:min-w-36", phone: `${CARD_LINE} max-xl:row-start-3 max-xl:before:content-['Target']` },
    cell: ({ row }) => {
      const e = row.original;
      const team = e.teamName ? <p className="text-xs wrap-anywhere text-slate-600">team {e.teamName}</p> : null;
      if (!e.targetTokenName)
        return (
          <div className="min-w-0">
            <span className="wrap-anywhere text-slate-700">{e.targetOwnerEmail ? <Breakable text={e.targetOwnerEmail} /> : "—"}</span>
            {team}
          </div>
        );
      return (
        <div className="min-w-0">
          <p className="wrap-anywhere text-slate-900">
            {e.targetTokenName} <span className="font-mono text-xs whitespace-nowrap text-slate-600">{e.targetTokenPrefix}…</span>
          </p>
          <p className="text-xs wrap-anywhere text-slate-600">
            {scopeOf(e)}
            {e.targetOwnerEmail ? (
              <>
                {" "}
                · {e.teamName ? "created by" : "owner"} <Breakable text={e.targetOwnerEmail} />
              </>
            ) : null}
          </p>
          {team}
          {/* A Custom token's list as it was at the event, whole: an audit reads what the token could do. */}
          {e.targetTokenScope === "CUSTOM" && e.targetTokenPermissions ? (
            <p className="mt-0.5 font-mono text-xs wrap-anywhere text-slate-600 xl:max-w-64">
              {permissionsFromStored(e.targetTokenPermissions).join(", ")}
            </p>
          ) : null}
        </div>
      );
    },
  }),
  column.accessor("ip", {
    header: "IP",
    meta: { width: "xl:min-w-44", phone: `${CARD_LINE} max-xl:row-start-4 max-xl:before:content-['IP']` },
    cell: ({ row }) =>
      row.original.ip ? (
        <span title={row.original.userAgent ? `User agent: ${row.original.userAgent}` : undefined}>
          <IpAddress ip={row.original.ip} />
        </span>
      ) : (
        "—"
      ),
  }),
]);

export function AuditTable({ page, query }: { page: AuditPage; query: AuditQuery }) {
  const { navigate, table } = useUrlState(query, DEFAULT_QUERY);
  // The table renders the rows it is given; the log pages by position (CursorPager below).
  const rows: Page<AuditEventRow> = { rows: page.rows, total: page.total, page: 1, pageSize: page.rows.length, pageCount: 1 };
  return (
    <section aria-label="Audit events" className="mt-6">
      <p className="text-sm text-slate-600" aria-live="polite">
        {page.totalCapped
          ? `More than ${page.total.toLocaleString("en")} events`
          : page.total === 1
            ? "1 event"
            : `${page.total.toLocaleString("en")} events`}
      </p>
      <ServerTable
        label="Audit events"
        layout="cards"
        rowAlign="top"
        columns={columns}
        page={rows}
        {...table}
        empty="No event matches these filters."
      />
      <CursorPager
        newer={page.newer ? () => navigate({ after: page.newer!, before: "" }) : null}
        older={page.older ? () => navigate({ before: page.older!, after: "" }) : null}
      />
    </section>
  );
}
