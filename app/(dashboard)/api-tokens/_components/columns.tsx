"use client";

import { createColumnHelper } from "@tanstack/react-table";
import { Eye, Pencil, RotateCcwKey, Trash2 } from "lucide-react";
import { StateButton } from "@/components/token-table/state-controls";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";
import { Button } from "@/components/ui/button";
import { tokenColumns } from "@/components/token-table/token-columns";
import { TOKEN_COLUMN_WORDS } from "@/components/token-table/words";
import { ownerMayEnable } from "@/lib/token-states";
import { TokenName } from "@/components/ui/token-name";
import { expiryStatus, type ListedToken } from "@/lib/model";
import { type TokenRow } from "@/lib/token-columns";
import { LISTING_WORDS, ROW_WORDS } from "../words";

const column = createColumnHelper<ServerTableFeatures, ListedToken>();

type RowActions = {
  onDelete: (token: TokenRow) => void;
  onRoll: (token: TokenRow) => void;
  /** Disable (an active token) or Enable (one its owner may enable), after a confirmation. */
  onState: (token: TokenRow, to: "disabled" | "active") => void;
  /** Opens the details panel, or straight into its Edit form. */
  onOpen: (token: TokenRow, edit: boolean) => void;
  /** In a team's context, a member who may not change the team's tokens sees no Edit, Roll or Delete. */
  canManage?: boolean;
};

// The columns size to their content and long text wraps, so that nothing is cut off at a
// laptop's width. Below it each row is a small card: the name and scope on top, one line each
// for the dates, the actions below them.
export function buildTokenColumns({ onDelete, onRoll, onState, onOpen, canManage = true }: RowActions) {
  return column.columns([
    column.accessor("name", {
      header: TOKEN_COLUMN_WORDS.name,
      enableSorting: true,
      meta: { width: "xl:min-w-44", phone: "max-xl:col-start-1 max-xl:row-start-1" },
      cell: ({ row }) => (
        <>
          <TokenName
            name={row.original.name}
            displayPrefix={row.original.displayPrefix}
            description={row.original.description}
            allowedIps={row.original.allowedIps}
            onOpen={() => onOpen(row.original, false)}
          />
          {row.original.createdBy ? (
            <span className="mt-0.5 block text-xs break-words text-slate-600">
              {LISTING_WORDS.createdBy} {row.original.createdBy.name} ({row.original.createdBy.email})
            </span>
          ) : null}
        </>
      ),
    }),
    ...tokenColumns<ListedToken>({
      cardRows: { createdAt: "max-xl:row-start-3 max-xl:mt-1", lastUsedAt: "max-xl:row-start-4", expiresAt: "max-xl:row-start-5" },
    }),
    column.display({
      id: "action",
      header: TOKEN_COLUMN_WORDS.action,
      // On a phone the actions make the card's last line, so that the name and dates keep the card's width.
      meta: { align: "right", phone: "max-xl:col-span-2 max-xl:row-start-6 max-xl:-ml-2.5 max-xl:pt-1 max-xl:text-left" },
      cell: ({ row }) =>
        !canManage ? (
          <Button variant="ghost" size="xs" aria-label={ROW_WORDS.viewLabel(row.original.name)} onClick={() => onOpen(row.original, false)}>
            <Eye className="size-4" aria-hidden="true" />
            {ROW_WORDS.view}
          </Button>
        ) : (
          // Delete is labelled at every width; at a laptop's width Disable/Enable and Roll show their icon
          // (their name is still their accessible name and title), so that the row keeps one line.
          <span className="inline-flex flex-wrap justify-end gap-1 max-xl:justify-start xl:flex-nowrap xl:gap-0">
            <Button
              variant="ghost"
              size="xs"
              aria-label={ROW_WORDS.editLabel(row.original.name)}
              onClick={() => onOpen(row.original, true)}
            >
              <Pencil className="size-4" aria-hidden="true" />
              {ROW_WORDS.edit}
            </Button>
            {row.original.status === "active" ? (
              <StateButton compact name={row.original.name} to="disabled" onClick={() => onState(row.original, "disabled")} />
            ) : ownerMayEnable(row.original) ? (
              <StateButton compact name={row.original.name} to="active" onClick={() => onState(row.original, "active")} />
            ) : null}
            {/* An expired token cannot be rolled: its owner creates a new one. Nor a pending or denied one: an admin decides on it first. */}
            {expiryStatus(row.original.expiresAt, Date.now()) === "expired" ||
            row.original.status === "pending" ||
            row.original.status === "denied" ? null : (
              <Button variant="ghost" size="xs" aria-label={ROW_WORDS.rollLabel(row.original.name)} onClick={() => onRoll(row.original)}>
                <RotateCcwKey className="size-4" aria-hidden="true" />
                {ROW_WORDS.roll}
              </Button>
            )}
            <Button
              variant="danger-ghost"
              size="xs"
              aria-label={ROW_WORDS.deleteLabel(row.original.name)}
              onClick={() => onDelete(row.original)}
            >
              <Trash2 className="size-4" aria-hidden="true" />
              {ROW_WORDS.delete}
            </Button>
          </span>
        ),
    }),
  ]);
}
