// What a token may do and who an account is, as one table each that every layer reads: the
// database's values, the labels people read, the badge's colour, the API's spellings. What each
// scope grants, resource by resource, is lib/permissions.ts. Client-safe: no server import.

/** The guide's two presets first, weakest first; then Custom, which holds exactly its list. */
export const SCOPES = ["READ_ONLY", "WRITE", "CUSTOM"] as const;
export type Scope = (typeof SCOPES)[number];
export const PRESETS = ["READ_ONLY", "WRITE"] as const satisfies readonly Scope[];

type ScopeDefinition = {
  label: string;
  /** The Create drawer's words. */
  description: string;
  /** The platform API's `scope` field. */
  wire: string;
  /** The badge's colour: "caution" for a scope that can change things (a Custom one when it holds a write). */
  tone: "calm" | "caution";
};

export const SCOPE_TABLE = {
  READ_ONLY: {
    label: "Read-Only",
    description: "Read access to the resources.",
    wire: "read_only",
    tone: "calm",
  },
  WRITE: {
    label: "Write",
    description: "Create and modify resources, in addition to reading them.",
    wire: "write",
    tone: "caution",
  },
  CUSTOM: {
    label: "Custom",
    description: "Exactly the permissions you choose, resource by resource.",
    wire: "custom",
    tone: "calm",
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

export const ROLES = ["MEMBER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export const isAdmin = (account: { role: Role }) => account.role === "ADMIN";

/** An account's role as the platform API's account/info says it. */
export const ROLE_WIRE = { MEMBER: "member", ADMIN: "admin" } as const satisfies Record<Role, string>;
