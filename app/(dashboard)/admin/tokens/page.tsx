import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { listTokensForAdmin } from "@/lib/dal/token-listing";
import { requireAdmin } from "@/lib/auth/session";
import { catalogueFor, checkPermissions } from "@/lib/permissions";
import { resourceCatalogue } from "@/lib/server/permission-catalogue.mjs";
import { adminTokenQuerySchema } from "@/lib/validation/admin";
import { AdminTokensTable } from "./_components/admin-tokens-table";
import { ALL_TOKENS_WORDS } from "../words";

export const metadata: Metadata = { title: ALL_TOKENS_WORDS.title };

export default async function AdminTokensPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const admin = await requireAdmin();
  const catalogue = catalogueFor(resourceCatalogue(), admin);
  const parsed = adminTokenQuerySchema.parse(await searchParams);
  // A permission on a resource this console does not have is ignored, as the listing ignores it.
  const query = {
    ...parsed,
    permission: parsed.permission && checkPermissions([parsed.permission], catalogue).ok ? parsed.permission : "",
  };
  const page = await listTokensForAdmin(admin, query);
  return (
    <div>
      <PageHeader title={ALL_TOKENS_WORDS.title} description={ALL_TOKENS_WORDS.description} />
      <AdminTokensTable page={page} query={query} catalogue={catalogue} />
    </div>
  );
}
