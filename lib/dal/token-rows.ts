import "server-only";
import type { ApiToken } from "@/lib/generated/prisma/client";
import { allowedIpsFromStored } from "@/lib/ip-allowlist";
import { permissionsFromStored } from "@/lib/permissions";
import type { Scope } from "@/lib/scopes";
import type { StoredAs, TokenListRow } from "@/lib/dal/sql/contract";
import { TOKEN_COLUMN_NAMES, TOKEN_COLUMNS, type ColumnKind, type ShownAs, type TokenColumn, type TokenRow } from "@/lib/token-columns";

// A TokenRow made from either source, column by column as lib/token-columns.ts lists them:
// Prisma's row (Dates) for the console, the raw SQL's (times as stored) for the API.

type PrismaAs = {
  text: string;
  "text?": string | null;
  scope: Scope;
  permissions: string;
  ips: string;
  time: Date;
  "time?": Date | null;
  overlap: Date | null;
  "int?": number | null;
};
type PrismaRow = { [K in TokenColumn]: PrismaAs[(typeof TOKEN_COLUMNS)[K]] };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// A column the model does not have, or has with another type, fails here.
const prismaAgrees: Same<Pick<ApiToken, TokenColumn>, PrismaRow> = true;
void prismaAgrees;

export const tokenRowSelect = Object.fromEntries(TOKEN_COLUMN_NAMES.map((column) => [column, true])) as {
  readonly [K in TokenColumn]: true;
};

/**
 * A time as SQLite holds it (ISO 8601 with +00:00), as ISO 8601 in UTC (what Prisma's Date
 * gives): by string, on the API's path, where every Date costs (Next.js wraps the constructor).
 */
export const isoTime = (stored: string) => (stored.endsWith("+00:00") ? `${stored.slice(0, -6)}Z` : new Date(stored).toISOString());

/** A roll's overlap while it runs; one that has ended is no longer news. */
export const runningOverlap = (until: string | null) => (until && Date.parse(until) > Date.now() ? isoTime(until) : null);

type Conversions<From> = { [K in ColumnKind]: ((value: From[K & keyof From]) => ShownAs[K]) | null };

/** Only the columns that change are converted; the steps are worked out once, not per row. */
function converter<From, Row>(conversions: Conversions<From>): (row: Row) => TokenRow {
  const steps = TOKEN_COLUMN_NAMES.flatMap((column) => {
    const convert = conversions[TOKEN_COLUMNS[column]] as ((value: unknown) => unknown) | null;
    return convert ? [[column, convert] as const] : [];
  });
  return (row) => {
    const shown = { ...row } as Record<string, unknown>;
    for (const [column, convert] of steps) shown[column] = convert(shown[column]);
    return shown as TokenRow;
  };
}

export const toRow = converter<PrismaAs, PrismaRow>({
  text: null,
  "text?": null,
  scope: null,
  permissions: permissionsFromStored,
  ips: allowedIpsFromStored,
  time: (at) => at.toISOString(),
  "time?": (at) => at?.toISOString() ?? null,
  overlap: (until) => runningOverlap(until?.toISOString() ?? null),
  "int?": null,
});

export const fromStoredRow = converter<StoredAs, TokenListRow>({
  text: null,
  "text?": null,
  scope: null,
  permissions: permissionsFromStored,
  ips: allowedIpsFromStored,
  time: isoTime,
  "time?": (at) => at && isoTime(at),
  overlap: runningOverlap,
  "int?": null,
});
