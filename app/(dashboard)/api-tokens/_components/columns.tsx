"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { Pencil, RotateCcwKey, Trash2 } from "lucide-react";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";
import { Button } from "@/components/ui/button";
import { Expires } from "@/components/ui/expires";
import { LastUsed } from "@/components/ui/last-used";
import { LocalTime } from "@/components/ui/local-time";
import { ScopeBadge } from "@/components/ui/scope-badge";
import { TokenName } from "@/components/ui/token-name";
import { expiryStatus } from "@/lib/model";
import { type TokenRow } from "@/lib/token-columns";

const column = createColumnHelper<ServerTableFeatures, TokenRow>();

type RowActions = {
  onDelete: (token: TokenRow) => void;
  onRoll: (token: TokenRow) => void;
  /** Opens the details panel, or straight into its Edit form. */
  onOpen: (token: TokenRow, edit: boolean) => void;
};

// The columns size to their content and long text wraps, so that nothing is cut off at a
// laptop's width. Below it each row is a small card: the name and scope on top, one line each
// for the dates, the actions below them.
export function buildTokenColumns({ onDelete, onRoll, onOpen }: RowActions) {
  return column.columns([
    column.accessor("name", {
      header: "Name",
      enableSorting: true,
      meta: { width: "xl:min-w-44", phone: "max-xl:col-start-1 max-xl:row-start-1" },
      cell: ({ row }) => (
        <TokenName
          name={row.original.name}
          displayPrefix={row.original.displayPrefix}
          description={row.original.description}
          allowedIps={row.original.allowedIps}
          onOpen={() => onOpen(row.original, false)}
        />
      ),
    }),
    column.accessor("scope", {
      header: "Access Scope",
      enableSorting: false,
      meta: { phone: "max-xl:col-start-1 max-xl:row-start-2" },
      cell: ({ getValue }) => <ScopeBadge scope={getValue()} />,
    }),
    column.accessor("createdAt", {
      header: "Created At",
      enableSorting: true,
      meta: {
        phone:
          "max-xl:col-span-2 max-xl:row-start-3 max-xl:mt-1 max-xl:flex max-xl:gap-x-1.5 max-xl:text-xs max-xl:before:w-16 max-xl:before:shrink-0 max-xl:before:text-slate-500 max-xl:before:content-['Created']",
      },
      cell: ({ getValue }) => <LocalTime iso={getValue()} />,
    }),
    column.accessor("lastUsedAt", {
      header: "Last Used",
      enableSorting: false,
      meta: {
        phone:
          "max-xl:col-span-2 max-xl:row-start-4 max-xl:flex max-xl:gap-x-1.5 max-xl:text-xs max-xl:before:w-16 max-xl:before:shrink-0 max-xl:before:text-slate-500 max-xl:before:content-['Last_used']",
      },
      cell: ({ row }) => <LastUsed iso={row.original.lastUsedAt} ip={row.original.lastUsedIp} client={row.original.lastUsedClient} />,
    }),
    column.accessor("expiresAt", {
      header: "Expires",
      enableSorting: false,
      meta: {
        phone:
          "max-xl:col-span-2 max-xl:row-start-5 max-xl:flex max-xl:gap-x-1.5 max-xl:text-xs max-xl:before:w-16 max-xl:before:shrink-0 max-xl:before:text-slate-500 max-xl:before:content-['Expires'] max-xl:*:flex-row max-xl:*:flex-wrap max-xl:*:items-center max-xl:*:gap-x-2",
      },
      cell: ({ row }) => <Expires iso={row.original.expiresAt} previousValidUntil={row.original.previousValidUntil} />,
    }),
    column.display({
      id: "action",
      header: "Action",
      // On a phone the actions make the card's last line, so that the name and dates keep the card's width.
      meta: { align: "right", phone: "max-xl:col-span-2 max-xl:row-start-6 max-xl:-ml-2.5 max-xl:pt-1 max-xl:text-left" },
      cell: ({ row }) => (
        // Labelled at every width, as Delete is.
        <span className="inline-flex flex-wrap justify-end gap-1 max-xl:justify-start xl:flex-nowrap">
          <Button variant="ghost" size="xs" aria-label={`Edit ${row.original.name}`} onClick={() => onOpen(row.original, true)}>
            <Pencil className="size-4" aria-hidden="true" />
            Edit
          </Button>
          {/* An expired token cannot be rolled: its owner creates a new one. */}
          {expiryStatus(row.original.expiresAt, Date.now()) === "expired" ? null : (
            <Button variant="ghost" size="xs" aria-label={`Roll ${row.original.name}`} onClick={() => onRoll(row.original)}>
              <RotateCcwKey className="size-4" aria-hidden="true" />
              Roll
            </Button>
          )}
          <Button variant="danger-ghost" size="xs" aria-label={`Delete ${row.original.name}`} onClick={() => onDelete(row.original)}>
            <Trash2 className="size-4" aria-hidden="true" />
            Delete
          </Button>
        </span>
      ),
    }),
  ]);
}
