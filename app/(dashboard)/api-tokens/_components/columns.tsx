"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { Pencil, RefreshCw, Trash2 } from "lucide-react";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";
import { Button } from "@/components/ui/button";
import { Expires } from "@/components/ui/expires";
import { LastUsed } from "@/components/ui/last-used";
import { LocalTime } from "@/components/ui/local-time";
import { ScopeBadge } from "@/components/ui/scope-badge";
import { TokenName } from "@/components/ui/token-name";
import { expiryStatus, type TokenRow } from "@/lib/model";

const column = createColumnHelper<ServerTableFeatures, TokenRow>();

type RowActions = {
  onDelete: (token: TokenRow) => void;
  onRoll: (token: TokenRow) => void;
  /** Opens the details panel, or straight into its Edit form. */
  onOpen: (token: TokenRow, edit: boolean) => void;
};

// At phone width each row is a small card: name, scope and dates stacked, the actions below them.
export function buildTokenColumns({ onDelete, onRoll, onOpen }: RowActions) {
  return column.columns([
    column.accessor("name", {
      header: "Name",
      enableSorting: true,
      meta: { phone: "max-sm:col-start-1 max-sm:row-start-1" },
      cell: ({ row }) => (
        <TokenName
          name={row.original.name}
          displayPrefix={row.original.displayPrefix}
          description={row.original.description}
          allowedIps={row.original.allowedIps}
          onOpen={() => onOpen(row.original, false)}
          className="sm:max-w-56 2xl:max-w-sm"
        />
      ),
    }),
    column.accessor("scope", {
      header: "Access Scope",
      enableSorting: false,
      meta: { phone: "max-sm:col-start-1 max-sm:row-start-2" },
      cell: ({ getValue }) => <ScopeBadge scope={getValue()} />,
    }),
    column.accessor("createdAt", {
      header: "Created At",
      enableSorting: true,
      meta: { phone: "max-sm:col-start-1 max-sm:row-start-3 max-sm:text-xs max-sm:text-slate-600 max-sm:before:content-['Created:_']" },
      cell: ({ getValue }) => <LocalTime iso={getValue()} stacked />,
    }),
    column.accessor("lastUsedAt", {
      header: "Last Used",
      enableSorting: false,
      meta: { phone: "max-sm:col-start-1 max-sm:row-start-4 max-sm:text-xs max-sm:text-slate-600 max-sm:before:content-['Last_used:_']" },
      cell: ({ row }) => (
        <LastUsed iso={row.original.lastUsedAt} ip={row.original.lastUsedIp} client={row.original.lastUsedClient} stacked />
      ),
    }),
    column.accessor("expiresAt", {
      header: "Expires",
      enableSorting: false,
      meta: { phone: "max-sm:col-start-1 max-sm:row-start-5 max-sm:text-xs max-sm:text-slate-600 max-sm:before:content-['Expires:_']" },
      cell: ({ row }) => <Expires iso={row.original.expiresAt} previousValidUntil={row.original.previousValidUntil} />,
    }),
    column.display({
      id: "action",
      header: "Action",
      // On a phone the actions make the card's last line, so that the name and dates keep the card's width.
      meta: { align: "right", phone: "max-sm:col-span-2 max-sm:row-start-6 max-sm:-ml-2.5 max-sm:pt-1 max-sm:text-left" },
      cell: ({ row }) => (
        <span className="inline-flex flex-wrap justify-end gap-1 max-sm:justify-start sm:flex-nowrap">
          {/* Between a phone and a wide screen, Edit and Roll are icons (named, with a tooltip), so that the row fits. */}
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Edit ${row.original.name}`}
            title="Edit"
            onClick={() => onOpen(row.original, true)}
          >
            <Pencil className="size-4" aria-hidden="true" />
            <span className="sm:sr-only 2xl:not-sr-only">Edit</span>
          </Button>
          {/* An expired token cannot be rolled: its owner creates a new one. */}
          {expiryStatus(row.original.expiresAt, Date.now()) === "expired" ? null : (
            <Button variant="ghost" size="sm" aria-label={`Roll ${row.original.name}`} title="Roll" onClick={() => onRoll(row.original)}>
              <RefreshCw className="size-4" aria-hidden="true" />
              <span className="sm:sr-only 2xl:not-sr-only">Roll</span>
            </Button>
          )}
          <Button variant="danger-ghost" size="sm" aria-label={`Delete ${row.original.name}`} onClick={() => onDelete(row.original)}>
            <Trash2 className="size-4" aria-hidden="true" />
            Delete
          </Button>
        </span>
      ),
    }),
  ]);
}
