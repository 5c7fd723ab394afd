"use client";

import { createColumnHelper, type ColumnDef } from "@tanstack/react-table";
import type { ServerTableFeatures } from "@/components/data-table/use-server-table";
import { Expires } from "@/components/ui/expires";
import { LastUsed } from "@/components/ui/last-used";
import { LocalTime } from "@/components/ui/local-time";
import { ScopeBadge } from "@/components/ui/scope-badge";
import type { TokenRow } from "@/lib/token-columns";
import { TOKEN_COLUMN_WORDS } from "./words";
import { TokenState } from "./token-state";

// The columns the owner's listing and the admin's share: Access Scope, Created At, Last Used
// and Expires, defined once so that both listings read and sort alike.

/** In a phone card each line names what it holds, as the table's header would. */
export const CARD_LINE =
  "max-xl:col-span-2 max-xl:flex max-xl:gap-x-1.5 max-xl:text-xs max-xl:before:w-16 max-xl:before:shrink-0 max-xl:before:text-slate-500";

export type TokenColumnsLayout = {
  /** Each date line's place in the phone card (its row-start), as literal classes Tailwind can see. */
  cardRows: { createdAt: string; lastUsedAt: string; expiresAt: string };
  /** The creation time under the date (a wide table); one line otherwise. */
  stackedCreated?: boolean;
  /** Whether Last Used sorts: the admin's audit does, the owner's listing does not. */
  sortByLastUsed?: boolean;
};

const c = createColumnHelper<ServerTableFeatures, TokenRow>();

// `any` value type: each column has its own, as createColumnHelper().columns() returns them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TokenColumn<Row extends TokenRow> = ColumnDef<ServerTableFeatures, Row, any>;

/** The shared columns, for a listing of TokenRow or of rows that extend it (the admin's, with owners). */
export function tokenColumns<Row extends TokenRow>({
  cardRows,
  stackedCreated = false,
  sortByLastUsed = false,
}: TokenColumnsLayout): TokenColumn<Row>[] {
  // A column that reads a TokenRow reads any row that extends it: the cast says what `extends` does.
  return [
    c.accessor("scope", {
      header: TOKEN_COLUMN_WORDS.scope,
      enableSorting: false,
      meta: { phone: "max-xl:col-start-1 max-xl:row-start-2" },
      cell: ({ row }) => <ScopeBadge grant={row.original} />,
    }),
    c.accessor("createdAt", {
      header: TOKEN_COLUMN_WORDS.createdAt,
      enableSorting: true,
      meta: { phone: `${CARD_LINE} ${cardRows.createdAt} max-xl:before:content-['Created']` },
      cell: ({ getValue }) => <LocalTime iso={getValue()} stacked={stackedCreated} />,
    }),
    c.accessor("lastUsedAt", {
      header: TOKEN_COLUMN_WORDS.lastUsedAt,
      enableSorting: sortByLastUsed,
      meta: { phone: `${CARD_LINE} ${cardRows.lastUsedAt} max-xl:before:content-['Last_used']` },
      cell: ({ row }) => <LastUsed iso={row.original.lastUsedAt} ip={row.original.lastUsedIp} client={row.original.lastUsedClient} />,
    }),
    c.accessor("expiresAt", {
      header: TOKEN_COLUMN_WORDS.expiresAt,
      enableSorting: false,
      meta: {
        phone: `${CARD_LINE} ${cardRows.expiresAt} max-xl:before:content-['Expires'] max-xl:*:flex-row max-xl:*:flex-wrap max-xl:*:items-center max-xl:*:gap-x-2`,
      },
      // A token's state sits with its expiry: both say whether it works.
      cell: ({ row }) => (
        <span className="flex flex-col items-start gap-1">
          <TokenState token={row.original} />
          <Expires iso={row.original.expiresAt} previousValidUntil={row.original.previousValidUntil} />
        </span>
      ),
    }),
  ] as unknown as TokenColumn<Row>[];
}
