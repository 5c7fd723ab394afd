// What a token may do and who an account is, as one table each that every layer reads: the
// database's values, the labels people read, the badge's colour, the API's spellings.
// Client-safe: no server import. Adding a scope is a row here (plus the Prisma enum).

/** Weakest first. */
export const SCOPES = ["READ_ONLY", "WRITE"] as const;
export type Scope = (typeof SCOPES)[number];

type ScopeDefinition = {
  label: string;
  /** The Create drawer's words. */
  description: string;
  /** The scopes a route may require that this one satisfies. */
  allows: readonly Scope[];
  /** The platform API's `scope` field. */
  wire: string;
  /** The platform API's `write` field, as the real platform's Go SDK reads it: a contract. */
  writeFlag: "0" | "1";
  /** The badge's colour: "caution" for a scope that can change things. */
  tone: "calm" | "caution";
};

export const SCOPE_TABLE = {
  READ_ONLY: {
    label: "Read-Only",
    description: "Read access to the resources.",
    allows: ["READ_ONLY"],
    wire: "read_only",
    writeFlag: "0",
    tone: "calm",
  },
  WRITE: {
    label: "Write",
    description: "Create and modify resources, in addition to reading them.",
    allows: ["READ_ONLY", "WRITE"],
    wire: "write",
    writeFlag: "1",
    tone: "caution",
  },
} as const satisfies Record<Scope, ScopeDefinition>;

const column = <K extends keyof ScopeDefinition>(key: K) =>
  Object.fromEntries(SCOPES.map((scope) => [scope, SCOPE_TABLE[scope][key]])) as { [S in Scope]: (typeof SCOPE_TABLE)[S][K] };

export const SCOPE_LABELS = column("label");
export const SCOPE_DESCRIPTIONS = column("description");
export const SCOPE_WIRE = column("wire");

export const isScope = (value: unknown): value is Scope => (SCOPES as readonly unknown[]).includes(value);

/**
 * A stored scope's row. A value no row has (a database edited by hand, a later version's scope)
 * reads as the weakest scope, never as a 500 and never as more than Read-Only.
 */
export const scopeRow = (scope: Scope): ScopeDefinition =>
  Object.hasOwn(SCOPE_TABLE, scope) ? SCOPE_TABLE[scope] : SCOPE_TABLE[SCOPES[0]];

export function scopeAllows(granted: Scope, required: Scope): boolean {
  return scopeRow(granted).allows.includes(required);
}

/** The scopes that satisfy `required`, weakest first: "Read-Only or Write". */
export const scopesAllowing = (required: Scope): Scope[] => SCOPES.filter((scope) => scopeAllows(scope, required));

/** "Read-Only or Write": who may call a route that requires `required`, as the docs say it. */
export const describeAllowed = (required: Scope) =>
  scopesAllowing(required)
    .map((scope) => SCOPE_LABELS[scope])
    .join(" or ");

export const ROLES = ["MEMBER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const isAdmin = (account: { role: Role }) => account.role === "ADMIN";

/** An account's role as the platform API's account/info says it. */
export const ROLE_WIRE = { MEMBER: "member", ADMIN: "admin" } as const satisfies Record<Role, string>;
