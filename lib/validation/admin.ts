import { z } from "zod";
import { AUDIT_ACTION_VALUES } from "@/lib/model";
import { PERMISSION } from "@/lib/permissions";
import { SCOPE_WIRE } from "@/lib/scopes";

export const ADMIN_PAGE_SIZE = 25;

const page = z.coerce.number().int().min(1).max(100_000).catch(1);
// A NUL is junk like any other: PostgreSQL cannot even compare a text holding one (a 500).
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !value.includes("\u0000"))
    .catch("");

export const adminTokenQuerySchema = z.object({
  owner: text(254),
  /** A team's name (or its start): that team's tokens. */
  team: text(64),
  q: text(64),
  /** "expiring": within 7 days; "expired": from its expiry on; "": all. */
  expiry: z.enum(["", "expiring", "expired"]).catch(""),
  /** A grant by its API spelling: "read_only", "write", "custom"; "": all. */
  scope: z.enum(["", ...Object.values(SCOPE_WIRE)]).catch(""),
  /** The tokens whose grant covers it ("dns:write": Write, and the Custom lists holding it); "": all. The DAL ignores a resource the catalogue has not. */
  permission: z.string().regex(PERMISSION).catch(""),
  sort: z.enum(["createdAt", "name", "owner", "lastUsedAt"]).catch("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page,
});
export type AdminTokenQuery = z.output<typeof adminTokenQuerySchema>;

// Date.parse rolls "2026-02-30" over to March 2nd, and an Invalid Date sent to the database is a
// 500: a time that does not round-trip is ignored like any other junk.
const roundTrips = (iso: string) => {
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).toISOString() === iso;
};

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => roundTrips(`${value}T00:00:00.000Z`))
  .catch("");

// An event's time and id: "2026-03-01T10:00:00.000Z~cm3x8…".
const cursor = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z~[\w-]{1,64}$/)
  .refine((value) => roundTrips(value.slice(0, value.indexOf("~"))))
  .catch("");

// Days are UTC, inclusive. Paged by position, never by offset: a page deep in a million events
// costs what the first one does.
export const auditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTION_VALUES).or(z.literal("")).catch(""),
  user: text(254),
  /** A team's name as the event recorded it (or its start). */
  team: text(64),
  from: day,
  to: day,
  before: cursor,
  after: cursor,
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
