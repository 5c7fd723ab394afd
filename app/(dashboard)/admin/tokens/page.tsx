import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { listTokensForAdmin } from "@/lib/dal/token-listing";
import { requireAdmin } from "@/lib/auth/session";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { adminTokenQuerySchema } from "@/lib/validation/admin";
import { AdminTokensTable } from "./_components/admin-tokens-table";
import { ALL_TOKENS_WORDS } from "../words";

export const metadata: Metadata = { title: ALL_TOKENS_WORDS.title };

export default async function AdminTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const query = adminTokenQuerySchema.parse(await searchParams);
  const page = await listTokensForAdmin(admin, query);
  return (
    <div>
      <PageHeader title={ALL_TOKENS_WORDS.title} description={ALL_TOKENS_WORDS.description} />
      <AdminTokensTable page={page} query={query} catalogue={resourceCatalogue()} />
    </div>
  );
}
