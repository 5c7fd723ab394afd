import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { PageHeader } from "@/components/ui/page-header";
import { listAuditEvents } from "@/lib/dal/audit";
import { AUDIT_ACTION_VALUES, AUDIT_ACTIONS } from "@/lib/model";
import { requireAdmin } from "@/lib/auth/session";
import { auditQuerySchema, type AuditQuery } from "@/lib/validation/admin";
import { AuditTable } from "./_components/audit-table";
import { AUDIT_WORDS } from "../words";

export const metadata: Metadata = { title: AUDIT_WORDS.title };

/** The filters as a query string (without the page), for the export link. */
function filterString(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const key of ["action", "user", "team", "from", "to"] as const) if (query[key]) params.set(key, query[key]);
  return params.toString();
}

const field =
  "h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-500/20 focus:outline-none";

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const query = auditQuerySchema.parse(await searchParams);
  const page = await listAuditEvents(admin, query);
  const filters = filterString(query);

  return (
    <div>
      <PageHeader
        title={AUDIT_WORDS.title}
        description={AUDIT_WORDS.description}
        actions={
          <a
            href={`/admin/audit/export${filters ? `?${filters}` : ""}`}
            download
            className="inline-flex h-10 items-center gap-2 rounded-lg border border-slate-300 bg-white px-4 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50"
          >
            <Download className="size-4" aria-hidden="true" />
            {AUDIT_WORDS.exportCsv}
          </a>
        }
      />

      {/* A plain GET form: filtering works before (and without) the page's JavaScript. */}
      <form
        method="get"
        className="mt-8 flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
        aria-label={AUDIT_WORDS.filters}
      >
        <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
          {AUDIT_WORDS.action}
          <select name="action" defaultValue={query.action} className={field}>
            <option value="">{AUDIT_WORDS.allActions}</option>
            {AUDIT_ACTION_VALUES.map((action) => (
              <option key={action} value={action}>
                {AUDIT_ACTIONS[action]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
          {AUDIT_WORDS.user}
          <input
            name="user"
            type="search"
            defaultValue={query.user}
            placeholder={AUDIT_WORDS.userPlaceholder}
            className={`${field} w-64`}
          />
        </label>
        <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
          {AUDIT_WORDS.team}
          <input
            name="team"
            type="search"
            defaultValue={query.team}
            placeholder={AUDIT_WORDS.teamPlaceholder}
            className={`${field} w-48`}
          />
        </label>
        <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
          {AUDIT_WORDS.from}
          <input name="from" type="date" defaultValue={query.from} className={field} />
        </label>
        <label className="flex flex-col gap-1.5 text-sm font-medium text-slate-700">
          {AUDIT_WORDS.to}
          <input name="to" type="date" defaultValue={query.to} className={field} />
        </label>
        <div className="flex gap-2">
          <button type="submit" className="h-10 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
            {AUDIT_WORDS.apply}
          </button>
          {filters ? (
            <Link
              href="/admin/audit"
              className="inline-flex h-10 items-center rounded-lg px-3 text-sm font-medium text-slate-600 hover:bg-slate-100"
            >
              {AUDIT_WORDS.clear}
            </Link>
          ) : null}
        </div>
      </form>

      <AuditTable page={page} query={query} />
    </div>
  );
}
