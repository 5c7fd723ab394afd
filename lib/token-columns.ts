import type { Scope } from "@/lib/scopes";

// The columns of a token's listing row, once. The row the console and the API show (TokenRow),
// the Prisma select and mapping (lib/dal/token-rows.ts) and the API's raw SQL in both dialects
// (lib/dal/sql) are all made from this table: a new column is a line here, and TypeScript
// then asks for it wherever it is missing. Client-safe: the browser reads TokenRow.

/** How a column is stored, and so how a row shows it. */
export type ColumnKind = "text" | "text?" | "scope" | "permissions" | "ips" | "time" | "time?" | "overlap" | "int?";

/** What a row shows for each kind: times as ISO 8601 in UTC. */
export type ShownAs = {
  text: string;
  "text?": string | null;
  scope: Scope;
  /** A Custom token's permissions, each write with its read (lib/permissions.ts); [] for a preset. */
  permissions: string[];
  /** Normalised addresses and ranges; empty: anywhere. */
  ips: string[];
  time: string;
  "time?": string | null;
  /** A time that reads as null once it has passed. */
  overlap: string | null;
  "int?": number | null;
};

export const TOKEN_COLUMNS = {
  id: "text",
  name: "text",
  scope: "scope",
  permissions: "permissions",
  displayPrefix: "text",
  /** What it is for, in the owner's words; "" when not given. */
  description: "text",
  allowedIps: "ips",
  createdAt: "time",
  lastUsedAt: "time?",
  /** The address and the client ("Go SDK", "curl 8.5.0") of the last use, recorded with its time. */
  lastUsedIp: "text?",
  lastUsedClient: "text?",
  /** Null: it does not expire. */
  expiresAt: "time?",
  /** While a roll's overlap runs: when the previous secret stops working. */
  previousValidUntil: "overlap",
  /** Its own rate limit, requests per minute; null: the installation's (API_REQUESTS_PER_TOKEN_PER_MINUTE). */
  rateLimitPerMinute: "int?",
  /** A quota of requests and what is left of it (written in batches: up to a second behind); null: no quota. */
  quota: "int?",
  quotaRemaining: "int?",
  /** active | disabled | pending | denied (lib/token-states.ts): whether the authority lets it in at all. */
  status: "text",
  /** Who disabled it (owner | admin | self | inactivity | policy); null while not disabled. */
  disabledReason: "text?",
  disabledAt: "time?",
  /** A denial's reason, which its owner sees; "" otherwise. */
  decisionReason: "text",
} as const satisfies Record<string, ColumnKind>;

export type TokenColumn = keyof typeof TOKEN_COLUMNS;
export const TOKEN_COLUMN_NAMES = Object.keys(TOKEN_COLUMNS) as TokenColumn[];

/** A token as its owner sees it. Never a hash, never the secret. */
export type TokenRow = { -readonly [K in keyof typeof TOKEN_COLUMNS]: ShownAs[(typeof TOKEN_COLUMNS)[K]] };
