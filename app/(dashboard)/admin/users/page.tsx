import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { LocalTime } from "@/components/ui/local-time";
import { listAccounts } from "@/lib/dal/offboarding";
import { requireAdmin } from "@/lib/auth/session";
import { ADMIN_PAGE_SIZE } from "@/lib/validation/admin";
import { accountsQuerySchema, type AccountsQuery } from "@/lib/validation/offboarding";
import { AccountActions } from "./_components/account-actions";
import { NoticeArea } from "./_components/notice-area";
import { StatusBadge } from "./_components/status-badge";
import { USERS_WORDS as W } from "./words";

export const metadata: Metadata = { title: W.title };

const hrefOf = (query: AccountsQuery, page: number) => {
  const params = new URLSearchParams();
  if (query.email) params.set("email", query.email);
  if (query.status) params.set("status", query.status);
  if (page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `/admin/users?${text}` : "/admin/users";
};

const field =
  "h-10 rounded-lg border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30";
const pagerLink =
  "inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-2.5 text-sm text-slate-700 shadow-sm hover:bg-slate-50";

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const query = accountsQuerySchema.parse(await searchParams);
  const page = await listAccounts(admin, query);
  const first = (page.page - 1) * ADMIN_PAGE_SIZE + 1;
  const filtered = Boolean(query.email || query.status);
  return (
    <div>
      <PageHeader title={W.title} description={W.description} />
      {/* A GET form: the filter is in the URL, and works before the page's JavaScript has loaded. */}
      <form method="get" action="/admin/users" role="search" className="mt-6 flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-1 basis-56 flex-col gap-1 text-sm font-medium text-slate-700">
          {W.filterEmail}
          <input type="search" name="email" defaultValue={query.email} placeholder={W.filterEmailPlaceholder} className={field} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium text-slate-700">
          {W.filterStatus}
          <select name="status" defaultValue={query.status} className={field}>
            {Object.entries(W.statusOptions).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="h-10 rounded-lg bg-brand-600 px-4 text-sm font-medium text-white shadow-sm hover:bg-brand-700">
          {W.apply}
        </button>
      </form>

      <NoticeArea>
        {page.rows.length === 0 ? (
          <div className="mt-4 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
            <p className="font-medium text-slate-900">{W.empty}</p>
            {filtered ? (
              <p className="mt-2 text-sm text-slate-600">
                {W.emptyHint}{" "}
                <Link href="/admin/users" className="font-medium text-brand-700 underline">
                  {W.clear}
                </Link>
              </p>
            ) : null}
          </div>
        ) : (
          <div className="mt-4 overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
            <table className="w-full table-fixed text-left text-sm" aria-label={W.label}>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="px-4 py-3">
                    {W.columns.email}
                  </th>
                  <th scope="col" className="hidden w-40 px-4 py-3 lg:table-cell">
                    {W.columns.name}
                  </th>
                  <th scope="col" className="hidden w-24 px-4 py-3 md:table-cell">
                    {W.columns.role}
                  </th>
                  <th scope="col" className="hidden w-28 px-4 py-3 lg:table-cell">
                    {W.columns.created}
                  </th>
                  <th scope="col" className="hidden w-24 px-4 py-3 sm:table-cell">
                    {W.columns.status}
                  </th>
                  <th scope="col" className="hidden w-24 px-4 py-3 text-right md:table-cell">
                    {W.columns.tokens}
                  </th>
                  <th scope="col" className="w-32 px-4 py-3 text-right sm:w-40">
                    {W.columns.action}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="px-4 py-3 align-top">
                      <Link
                        href={`/admin/users/${row.id}`}
                        className="block font-medium [overflow-wrap:anywhere] text-slate-900 hover:text-brand-700 hover:underline"
                      >
                        {row.email}
                      </Link>
                      <span className="block break-words text-slate-500 lg:hidden">
                        {row.name} · {W.roles[row.role]} · {W.tokenCount(row.personalTokens)}
                      </span>
                      <span className="mt-1 block sm:hidden">
                        <StatusBadge disabledAt={row.disabledAt} />
                      </span>
                    </td>
                    <td className="hidden break-words px-4 py-3 align-top text-slate-700 lg:table-cell">{row.name}</td>
                    <td className="hidden px-4 py-3 align-top text-slate-700 md:table-cell">
                      {W.roles[row.role]}
                      {row.id === admin.id ? <span className="text-slate-500"> ({W.you})</span> : null}
                    </td>
                    <td className="hidden px-4 py-3 align-top text-slate-700 lg:table-cell">
                      <LocalTime iso={row.createdAt} dateOnly />
                    </td>
                    <td className="hidden px-4 py-3 align-top sm:table-cell">
                      <StatusBadge disabledAt={row.disabledAt} />
                    </td>
                    <td className="hidden px-4 py-3 text-right align-top tabular-nums text-slate-700 md:table-cell">
                      {row.personalTokens}
                    </td>
                    <td className="px-4 py-2 text-right align-top">
                      <AccountActions account={row} self={row.id === admin.id} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </NoticeArea>

      {page.pageCount > 1 ? (
        <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
          <p>{W.showing(first, first + page.rows.length - 1, page.total)}</p>
          <div className="flex items-center gap-2">
            {page.page > 1 ? (
              <Link className={pagerLink} href={hrefOf(query, page.page - 1)}>
                {W.previous}
              </Link>
            ) : null}
            <span className="px-1 tabular-nums">{W.pageOf(page.page, page.pageCount)}</span>
            {page.page < page.pageCount ? (
              <Link className={pagerLink} href={hrefOf(query, page.page + 1)}>
                {W.next}
              </Link>
            ) : null}
          </div>
        </nav>
      ) : null}
    </div>
  );
}
