import { DAY_MS } from "@/lib/model";
import type { Scope } from "@/lib/scopes";

// What a token may do, as data: a permission is `<resource>:<action>`, and `write` on a resource
// includes `read` on it. Read-Only and Write are presets over the catalogue of the moment (a
// resource added later is covered, as a preset promises); Custom holds exactly its list. The
// catalogue is the server's (lib/server/permission-catalogue.mjs): the screens get it as props.
// Client-safe: no server import.

export const ACTIONS = ["read", "write"] as const;
export type Action = (typeof ACTIONS)[number];
/** What a route declares it needs: `account:read`, `api_keys:write`. */
export type Permission = `${string}:${Action}` | typeof INTROSPECT;
/**
 * The one permission outside read and write: asking the token authority about other tokens
 * (POST /v2/tokens/introspect). No preset holds it, only an admin's Custom token may, and only
 * while its owner is an admin.
 */
export const INTROSPECT = "tokens:introspect";
/**
 * Not a permission: what a route declares when it answers the calling token about itself
 * (GET /v2/api/self). Every valid token may read its own record; it names no resource.
 */
export const OWN_RECORD = "own-record";
/** A row of the picker: a resource held not at all, for reading, or for reading and writing (tokens: introspecting). */
export type Level = "none" | Action | "introspect";

export type CatalogueResource = {
  id: string;
  label: string;
  description: string;
  builtIn: boolean;
  /** Only admins grant it, and no preset holds it (the `tokens` resource: introspection). */
  adminOnly?: boolean;
};
export type Catalogue = readonly CatalogueResource[];

/** A token's grant as stored: a preset's list is empty (the preset is evaluated at each check). */
export type Grant = { scope: Scope; permissions: readonly string[] };
/** A grant as a check reads it: the API's lookup holds a Custom list as a set. */
export type HeldGrant = { scope: Scope; permissions: ReadonlySet<string> | readonly string[] };

export const PERMISSION = /^(?:([a-z][a-z0-9_]{0,39}):(read|write)|tokens:introspect)$/;
/** How many a list may name: two per resource of the largest catalogue the file may hold. */
export const MAX_PERMISSIONS = 404;

export const actionOf = (permission: string) => permission.slice(permission.lastIndexOf(":") + 1) as Action;
const resourceOf = (permission: string) => permission.slice(0, permission.lastIndexOf(":"));

/**
 * With each write's read added, deduplicated, in one order (by resource, then read before write):
 * the stored form, so that equal grants are equal strings.
 */
export function withImpliedReads(permissions: readonly string[]): string[] {
  const all = new Set<string>();
  for (const permission of permissions) {
    all.add(permission);
    if (actionOf(permission) === "write") all.add(`${resourceOf(permission)}:read`);
  }
  return [...all].sort((a, b) =>
    resourceOf(a) === resourceOf(b) ? (actionOf(a) === "read" ? -1 : 1) : resourceOf(a) < resourceOf(b) ? -1 : 1,
  );
}

export type PermissionProblem = { malformed: string[]; unknown: string[] };

/** A requested list checked against the catalogue: every entry malformed or unknown is named. */
export function checkPermissions(
  requested: readonly string[],
  catalogue: Catalogue,
): { ok: true; permissions: string[] } | ({ ok: false } & PermissionProblem) {
  // An admin-only resource has its one permission (tokens:introspect), not read and write.
  const known = new Set(catalogue.filter((resource) => !resource.adminOnly).map((resource) => resource.id));
  const special = new Set(catalogue.filter((resource) => resource.adminOnly).map((resource) => resource.id));
  const isKnown = (entry: string) => (entry === INTROSPECT ? special.has("tokens") : known.has(resourceOf(entry)));
  const malformed = requested.filter((entry) => !PERMISSION.test(entry));
  const unknown = requested.filter((entry) => PERMISSION.test(entry) && !isKnown(entry));
  if (malformed.length || unknown.length) return { ok: false, malformed: [...new Set(malformed)], unknown: [...new Set(unknown)] };
  return { ok: true, permissions: withImpliedReads(requested) };
}

const QUOTED_AT_MOST = 5;

/** The sentence a problem is told in, by the drawer, a template link and the API alike. */
export function describeProblem({ malformed, unknown }: PermissionProblem): string {
  // Five of each, each cut short: a list's own words (a template link's) cannot fill the drawer.
  const quote = (list: string[]) =>
    list
      .slice(0, QUOTED_AT_MOST)
      .map((entry) => `“${entry.slice(0, 60)}”`)
      .join(", ") + (list.length > QUOTED_AT_MOST ? `, and ${list.length - QUOTED_AT_MOST} more` : "");
  const parts = [];
  // tokens:introspect is known, but not to a member's catalogue: say why it is refused.
  if (unknown.includes(INTROSPECT)) parts.push(`“${INTROSPECT}” is granted only by an admin`);
  const others = unknown.filter((entry) => entry !== INTROSPECT);
  if (others.length) parts.push(`${others.length === 1 ? "this permission is" : "these permissions are"} not known here: ${quote(others)}`);
  if (malformed.length)
    parts.push(`${quote(malformed)} ${malformed.length === 1 ? "is" : "are"} not of the form resource:read or resource:write`);
  const sentence = parts.join("; ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

export const storedPermissions = (permissions: readonly string[]) => permissions.join(",");
export const permissionsFromStored = (stored: string): string[] => (stored ? stored.split(",") : []);

/** Every permission a grant holds, against the catalogue of the moment. */
export function expandGrant(grant: Grant, catalogue: Catalogue): readonly string[] {
  if (grant.scope === "CUSTOM") return grant.permissions;
  // A preset's list depends on the catalogue alone: made once per catalogue, not per key listed.
  let presets = presetLists.get(catalogue);
  if (!presets) {
    const every = (actions: readonly Action[]) =>
      withImpliedReads(
        catalogue.filter((resource) => !resource.adminOnly).flatMap((resource) => actions.map((action) => `${resource.id}:${action}`)),
      );
    presets = { READ_ONLY: every(["read"]), WRITE: every(ACTIONS) };
    presetLists.set(catalogue, presets);
  }
  return grant.scope === "WRITE" ? presets.WRITE : presets.READ_ONLY;
}
const presetLists = new WeakMap<Catalogue, { READ_ONLY: readonly string[]; WRITE: readonly string[] }>();

/**
 * Whether a grant covers one permission. A stored scope no preset has reads as Read-Only: never
 * a 500, never more. A Custom list is stored with its implied reads, so a lookup is enough.
 */
export function grantCovers(grant: HeldGrant, required: string): boolean {
  if (required === INTROSPECT) {
    const held = grant.permissions;
    return grant.scope === "CUSTOM" && ("has" in held ? held.has(required) : held.includes(required));
  }
  if (grant.scope === "WRITE") return true;
  if (grant.scope === "CUSTOM") {
    const held = grant.permissions;
    return "has" in held ? held.has(required) : held.includes(required);
  }
  return actionOf(required) === "read";
}

/** What `holder` lacks of `wanted` (both expanded against the same catalogue). */
export function lacking(holder: HeldGrant, wanted: readonly string[]): string[] {
  return wanted.filter((permission) => !grantCovers(holder, permission));
}

/** The platform's `write` flag, as its Go SDK reads it: "1" when the token holds any write. */
export function writeFlag(grant: Grant): "0" | "1" {
  if (grant.scope === "CUSTOM") return grant.permissions.some((permission) => actionOf(permission) === "write") ? "1" : "0";
  return grant.scope === "WRITE" ? "1" : "0";
}

/** Per resource, the level held: the picker's value, and the details panel's groups. */
export function levelsOf(permissions: readonly string[]): Record<string, Level> {
  const levels: Record<string, Level> = {};
  for (const permission of permissions) {
    const resource = resourceOf(permission);
    if (levels[resource] !== "write") levels[resource] = actionOf(permission) as Level;
  }
  return levels;
}

/** A picker row's choices: None, Read, Write; or None and Introspect for the admin-only resource. */
export const levelsFor = (resource: CatalogueResource): readonly Level[] =>
  resource.adminOnly ? ["none", "introspect"] : ["none", "read", "write"];

const visible = new WeakMap<Catalogue, { admin: Catalogue; member: Catalogue }>();
/**
 * The catalogue a screen hands to the browser: without the route rules (the server's business),
 * and without the admin-only resource for a member, who cannot grant it.
 */
export function catalogueFor(catalogue: Catalogue, viewer: { role: string }): Catalogue {
  let views = visible.get(catalogue);
  if (!views) {
    const plain = catalogue.map(({ id, label, description, builtIn, adminOnly }) => ({
      id,
      label,
      description,
      builtIn,
      ...(adminOnly ? { adminOnly } : {}),
    }));
    // The admin-only row comes last in the picker: the rows every member has keep their places.
    const member = plain.filter((resource) => !resource.adminOnly);
    views = { admin: [...member, ...plain.filter((resource) => resource.adminOnly)], member };
    visible.set(catalogue, views);
  }
  return viewer.role === "ADMIN" ? views.admin : views.member;
}

export function permissionsOfLevels(levels: Readonly<Record<string, Level>>): string[] {
  return withImpliedReads(
    Object.entries(levels)
      .filter(([, level]) => level !== "none")
      .map(([resource, level]) => `${resource}:${level}`),
  );
}

const labelOf = (catalogue: Catalogue, id: string) => catalogue.find((resource) => resource.id === id)?.label ?? id;

/**
 * Grouped by resource, in the catalogue's order (a resource the catalogue no longer has comes
 * last, by its id). A grant's list gains each write's read; `exactly`: a list that is not a grant
 * (what a narrowing removes) is grouped as it is.
 */
export function groupByResource(
  permissions: readonly string[],
  catalogue: Catalogue,
  { exactly = false }: { exactly?: boolean } = {},
): { id: string; label: string; actions: Action[] }[] {
  const order = new Map(catalogue.map((resource, index) => [resource.id, index]));
  const groups = new Map<string, Action[]>();
  for (const permission of exactly ? [...new Set(permissions)].sort() : withImpliedReads(permissions)) {
    const id = resourceOf(permission);
    groups.set(id, [...(groups.get(id) ?? []), actionOf(permission)]);
  }
  return [...groups]
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : 1))
    .map(([id, actions]) => ({ id, label: labelOf(catalogue, id), actions }));
}

const plural = (count: number) => `${count} permission${count === 1 ? "" : "s"}`;

/** "3 permissions: DNS read and write, Account read" (`exactly`: as groupByResource's). */
export function summarise(permissions: readonly string[], catalogue: Catalogue, { exactly = false }: { exactly?: boolean } = {}): string {
  if (permissions.length === 0) return "No permissions chosen";
  const groups = groupByResource(permissions, catalogue, { exactly }).map(({ label, actions }) => `${label} ${actions.join(" and ")}`);
  return `${plural(exactly ? new Set(permissions).size : withImpliedReads(permissions).length)}: ${groups.join(", ")}`;
}

/** The listing's Access Scope: "Read-Only", "Write" or "Custom · 3". */
export function grantLabel(grant: Grant, labels: Readonly<Record<Scope, string>>): string {
  return grant.scope === "CUSTOM" ? `${labels.CUSTOM} · ${grant.permissions.length}` : (labels[grant.scope] ?? labels.READ_ONLY);
}

/** How far back "what a token used" looks: its details panel, and narrowing it to what it used. */
export const USE_WINDOW_DAYS = 30;

/**
 * A permission a token holds, and when it last exercised it (null: never recorded). `recorded`:
 * whether this console sees its use at all (lib/dal/token-permissions.ts says; absent, only the
 * console's own resources are).
 */
export type PermissionUse = { permission: string; lastUsedAt: string | null; recorded?: boolean };

export type Narrowing = { used: string[]; kept: string[]; removing: string[]; unrecorded: string[] };

/**
 * What narrowing a token to what it used would keep and remove, one rule for the console and the
 * server (lib/dal/token-permissions.ts): what it exercised since the window began, each write
 * with its read, and every permission whose use this console does not record; everything else
 * it holds goes. Use is recorded for the console's own resources (the routes it serves), and for
 * a platform resource once forward auth has answered for it in the window, for one of the
 * owner's tokens (its service is behind a proxy that asks); any other service does not report its requests here, so "not used" means
 * nothing for its permissions. The confirmation lists `removing`, and the server refuses
 * if that is no longer what would go.
 */
export function narrowingOf(uses: readonly PermissionUse[], now: number, catalogue: Catalogue): Narrowing {
  const since = now - USE_WINDOW_DAYS * DAY_MS;
  const builtIn = new Set(catalogue.filter((resource) => resource.builtIn).map((resource) => resource.id));
  const recorded = (use: PermissionUse) => use.recorded ?? builtIn.has(resourceOf(use.permission));
  const held = uses.map((use) => use.permission);
  const unrecorded = uses.filter((use) => !recorded(use)).map((use) => use.permission);
  const used = uses
    .filter((use) => recorded(use) && use.lastUsedAt !== null && Date.parse(use.lastUsedAt) >= since)
    .map((use) => use.permission);
  const kept = withImpliedReads([...used, ...unrecorded]).filter((permission) => held.includes(permission));
  return { used, kept, removing: held.filter((permission) => !kept.includes(permission)), unrecorded };
}
