"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { Trash2 } from "lucide-react";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";
import { Button } from "@/components/ui/button";
import { LastUsed } from "@/components/ui/last-used";
import { LocalTime } from "@/components/ui/local-time";
import { ScopeBadge } from "@/components/ui/scope-badge";
import type { TokenRow } from "@/lib/dal/tokens";

const column = createColumnHelper<ServerTableFeatures, TokenRow>();

export function buildTokenColumns(onDelete: (token: TokenRow) => void) {
  return column.columns([
    column.accessor("name", {
      header: "Name",
      enableSorting: true,
      cell: ({ row }) => (
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">{row.original.name}</p>
          <p className="mt-0.5 font-mono text-xs text-slate-400">{row.original.displayPrefix}…</p>
        </div>
      ),
    }),
    column.accessor("scope", {
      header: "Access Scope",
      enableSorting: false,
      cell: ({ getValue }) => <ScopeBadge scope={getValue()} />,
    }),
    column.accessor("createdAt", {
      header: "Created At",
      enableSorting: true,
      cell: ({ getValue }) => <LocalTime iso={getValue()} />,
    }),
    column.accessor("lastUsedAt", {
      header: "Last Used",
      enableSorting: false,
      cell: ({ getValue }) => <LastUsed iso={getValue()} />,
    }),
    column.display({
      id: "action",
      header: "Action",
      cell: ({ row }) => (
        <Button
          variant="danger-ghost"
          size="sm"
          aria-label={`Delete ${row.original.name}`}
          onClick={() => onDelete(row.original)}
        >
          <Trash2 className="size-4" aria-hidden="true" />
          Delete
        </Button>
      ),
    }),
  ]);
}
