import type { Metadata } from "next";
import { listTokensForAdmin } from "@/lib/dal/admin";
import { requireAdmin } from "@/lib/session";
import { adminTokenQuerySchema } from "@/lib/validation/admin";
import { AdminTokensTable } from "./_components/admin-tokens-table";

export const metadata: Metadata = { title: "All Tokens" };

export default async function AdminTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const query = adminTokenQuerySchema.parse(await searchParams);
  const page = await listTokensForAdmin(admin, query);
  return (
    <div>
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">All Tokens</h1>
      <p className="mt-1 max-w-2xl text-sm text-slate-500">
        Every API token of every user. Revoking a token stops it at once; its owner sees it gone, and the audit log
        records who revoked it.
      </p>
      <AdminTokensTable page={page} query={query} />
    </div>
  );
}
