import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { activityOverview } from "@/lib/dal/activity";
import { unusedTokens } from "@/lib/dal/unused-tokens";
import { Overview } from "./_components/overview";
import { OVERVIEW_WORDS } from "./words";

export const metadata: Metadata = { title: OVERVIEW_WORDS.title };

export default async function AdminOverviewPage() {
  const admin = await requireAdmin();
  const [overview, unused] = await Promise.all([activityOverview(admin, "24h"), unusedTokens(admin, 30)]);
  return (
    <div>
      <PageHeader title={OVERVIEW_WORDS.title} description={OVERVIEW_WORDS.description} />
      <Overview overview={overview} unused={unused} />
    </div>
  );
}
