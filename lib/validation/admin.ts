import { z } from "zod";
import { AUDIT_ACTION_VALUES } from "@/lib/model";

export const ADMIN_PAGE_SIZE = 25;

const page = z.coerce.number().int().min(1).max(100_000).catch(1);
const text = (max: number) => z.string().trim().max(max).catch("");

/** /admin/tokens URL state. */
export const adminTokenQuerySchema = z.object({
  owner: text(254),
  q: text(64),
  sort: z.enum(["createdAt", "name", "owner", "lastUsedAt"]).catch("createdAt"),
  dir: z.enum(["asc", "desc"]).catch("desc"),
  page,
});
export type AdminTokenQuery = z.output<typeof adminTokenQuerySchema>;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
  .catch("");

/** /admin/audit URL state, shared by the page and the CSV export. Days are UTC, inclusive. */
export const auditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTION_VALUES).or(z.literal("")).catch(""),
  user: text(254),
  from: day,
  to: day,
  page,
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
