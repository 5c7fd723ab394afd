import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { listTokensForAdmin } from "@/lib/dal/token-listing";
import { requireAdmin } from "@/lib/auth/session";
import { adminTokenQuerySchema } from "@/lib/validation/admin";
import { AdminTokensTable } from "./_components/admin-tokens-table";

export const metadata: Metadata = { title: "All Tokens" };

export default async function AdminTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const query = adminTokenQuerySchema.parse(await searchParams);
  const page = await listTokensForAdmin(admin, query);
  return (
    <div>
      <PageHeader
        title="All Tokens"
        description="Every API token of every user. Revoking a token stops it at once; its owner sees it gone, and the audit log records who revoked it."
      />
      <AdminTokensTable page={page} query={query} />
    </div>
  );
}
